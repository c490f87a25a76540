using Referrals.Api.Payouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>
/// One run for finance's page session: lines and totals, the decision form (approve, approve with lines
/// held back each with a reason, or reject, always with a reason), the timeline, and the payout file once paid.
/// </summary>
public sealed class RunModel(IPayoutRunStore runs, IPartnerStore partners, DecidePayoutRun decide) : PageModel
{
    public RunView? View { get; private set; }

    public Task<IActionResult> OnGetAsync(string runId, CancellationToken cancellationToken) =>
        ShowAsync(runId, StatusCodes.Status200OK, null, null, cancellationToken);

    public async Task<IActionResult> OnPostDecideAsync(string runId, CancellationToken cancellationToken)
    {
        if (DecisionForm.Read(await Request.ReadFormAsync(cancellationToken), User.Identity?.Name ?? "finance") is not { } decision)
        {
            return await ShowAsync(runId, StatusCodes.Status400BadRequest, null, DecisionForm.Incomplete, cancellationToken);
        }

        var (status, notice, problem) = DecisionForm.Describe(await decide.ExecuteAsync(runId, decision, cancellationToken));
        return await ShowAsync(runId, status, notice, problem, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string runId, int status, string? notice, string? problem, CancellationToken cancellationToken)
    {
        if (await RunView.LoadAsync(runId, runs, partners, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view with { Notice = notice, Problem = problem };
        Response.StatusCode = status;
        return Page();
    }
}
