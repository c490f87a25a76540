using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>A payout run as the API shows it: state, deadline, totals, lines and the timeline of every transition.</summary>
public sealed record PayoutRunResponse(
    string Id,
    string ProgramId,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset Cutoff,
    string Currency,
    PayoutRunState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? Deadline,
    DateTimeOffset? ReminderAt,
    DateTimeOffset? RemindedAt,
    PayoutTotals? Totals,
    IReadOnlyList<PayoutLine> Lines,
    IReadOnlyList<PayoutTransition> Timeline)
{
    public static PayoutRunResponse From(PayoutRun run, IReadOnlyList<PayoutLine> lines) => new(
        run.Id, run.ProgramId, run.PeriodKey, run.PeriodStart, run.PeriodEnd, run.Cutoff, run.Currency, run.State, run.CreatedAt,
        run.Deadline, run.ReminderAt, run.RemindedAt, run.Totals, lines, run.Timeline);
}

/// <summary>The body of <c>POST /api/v1/programs/{programId}/payout-runs</c>.</summary>
public sealed record PayoutRunRequest(DateTimeOffset? PeriodEnd);

/// <summary>The body of <c>POST /api/v1/payout-runs/{runId}/decision</c>.</summary>
public sealed record PayoutDecisionRequest(PayoutDecisionKind? Decision, IReadOnlyList<string>? HoldPartnerIds, string? Reason, IReadOnlyDictionary<string, string>? HoldReasons);
