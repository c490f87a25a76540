using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Server.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>
/// One run for finance: lines and totals, the decision form (approve, approve with lines held back each
/// with a reason, or reject, always with a reason), the timeline, and the payout file once paid.
/// </summary>
public sealed class RunModel(IPayoutRunStore runs, IPartnerStore partners, DecidePayoutRun decide) : PageModel
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public PayoutRun? Run { get; private set; }

    public IReadOnlyList<PayoutLine> Lines { get; private set; } = [];

    public bool Decidable => Run?.State == PayoutRunState.AwaitingDecision;

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public string NameOf(string partnerId) => _names.GetValueOrDefault(partnerId, partnerId);

    public Task<IActionResult> OnGetAsync(string runId, CancellationToken cancellationToken) => ShowAsync(runId, StatusCodes.Status200OK, cancellationToken);

    public async Task<IActionResult> OnPostDecideAsync(string runId, string? decision, string? reason, string[]? hold, CancellationToken cancellationToken)
    {
        var kind = decision switch { "approve" => PayoutDecisionKind.Approve, "reject" => PayoutDecisionKind.Reject, _ => (PayoutDecisionKind?)null };
        var held = (hold ?? []).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (kind is null || string.IsNullOrWhiteSpace(reason) || reason.Length > 1000 || held.Length > PayoutsApi.MaxHeldLines)
        {
            Problem = "A decision needs approve or reject and a reason (at most 1000 characters).";
            return await ShowAsync(runId, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var holdReasons = held.ToDictionary(id => id, id => Request.Form[$"holdReason_{id}"].ToString().Trim(), StringComparer.Ordinal);
        var outcome = await decide.ExecuteAsync(runId, new PayoutDecision(kind.Value, User.Identity?.Name ?? "finance", reason.Trim(), holdReasons), cancellationToken);
        (var status, Notice, Problem) = outcome switch
        {
            PayoutDecisionResult.Decided decided => (StatusCodes.Status200OK, $"Decision recorded: the run is {Format.Lower(decided.Run.State)}.", (string?)null),
            PayoutDecisionResult.Invalid invalid => (StatusCodes.Status400BadRequest, null, invalid.Errors.ToString()),
            PayoutDecisionResult.NotAwaiting notAwaiting => (StatusCodes.Status409Conflict, null, $"The run is {Format.Lower(notAwaiting.State)}, not awaiting a decision."),
            PayoutDecisionResult.PastDeadline => (StatusCodes.Status409Conflict, null, "The deadline has passed: the run expired and nothing was paid."),
            _ => (StatusCodes.Status404NotFound, null, "There is no such run."),
        };
        return await ShowAsync(runId, status, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string runId, int status, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
        {
            return NotFound();
        }

        Run = stored.Run;
        var lines = new List<PayoutLine>();
        await foreach (var line in runs.StreamLinesAsync(runId, cancellationToken))
        {
            lines.Add(line);
            if (!_names.ContainsKey(line.PartnerId) && await partners.GetAsync(line.PartnerId, cancellationToken) is { } partner)
            {
                _names[partner.Id] = partner.Name;
            }
        }

        Lines = lines;
        Response.StatusCode = status;
        return Page();
    }
}
