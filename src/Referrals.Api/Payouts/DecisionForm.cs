using Referrals.Api.Formatting;
using Referrals.Core.Payouts;
using Referrals.Api.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>The run page's decision form: what it asks for, and how each outcome is answered.</summary>
public static class DecisionForm
{
    public const string Incomplete = "A decision needs approve or reject and a reason (at most 1000 characters).";

    /// <summary>The decision the form describes, or null when it is incomplete.</summary>
    public static PayoutDecision? Read(IFormCollection form, string actor)
    {
        var kind = form["decision"].ToString() switch { "approve" => PayoutDecisionKind.Approve, "reject" => PayoutDecisionKind.Reject, _ => (PayoutDecisionKind?)null };
        var reason = form["reason"].ToString().Trim();
        var held = form["hold"].Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (kind is null || reason.Length is 0 or > 1000 || held.Length > PayoutsApi.MaxHeldLines)
        {
            return null;
        }

        var holdReasons = held.ToDictionary(id => id!, id => form[$"holdReason_{id}"].ToString().Trim(), StringComparer.Ordinal);
        return new PayoutDecision(kind.Value, actor, reason, holdReasons);
    }

    /// <summary>Who decided through a decision link, as the audit names them: the start of the link's fingerprint, never the link.</summary>
    public static string LinkActor(string token) => $"finance (decision link {DecisionLink.Fingerprint(token)[..12]})";

    /// <summary>The status, notice and problem the page shows after a decision.</summary>
    public static (int Status, string? Notice, string? Problem) Describe(PayoutDecisionResult outcome) => outcome switch
    {
        PayoutDecisionResult.Decided decided => (StatusCodes.Status200OK, $"Decision recorded: the run is {Format.Lower(decided.Run.State)}.", null),
        PayoutDecisionResult.Invalid invalid => (StatusCodes.Status400BadRequest, null, invalid.Errors.ToString()),
        PayoutDecisionResult.NotAwaiting notAwaiting => (StatusCodes.Status409Conflict, null, $"The run is {Format.Lower(notAwaiting.State)}, not awaiting a decision."),
        PayoutDecisionResult.PastDeadline => (StatusCodes.Status409Conflict, null, "The deadline has passed: the run expired and nothing was paid."),
        _ => (StatusCodes.Status404NotFound, null, "There is no such run."),
    };
}
