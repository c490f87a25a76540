using Referrals.Api.Payouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>
/// One run for finance's page session: lines and totals, the decision form (approve, approve with lines
/// held back each with a reason, or reject, always with a reason), the timeline, and the payout file and its exports (PayPal, Wise, journal) once paid.
/// </summary>
public sealed class RunModel(IPayoutRunStore runs, IPartnerStore partners, DecidePayoutRun decide, PayoutExports exports) : PageModel
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

        var paid = view.Run.State == PayoutRunState.Paid ? await exports.LoadAsync(runId, cancellationToken) : null;
        View = view with { Notice = notice, Problem = problem, Exports = paid is { IsPaid: true } ? PayoutExports.Summarize(paid) : null };
        Response.StatusCode = status;
        return Page();
    }
}
