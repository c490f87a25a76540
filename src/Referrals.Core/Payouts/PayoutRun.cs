namespace Referrals.Core.Payouts;

/// <summary>
/// A program's payout run for one period. Its id is derived from program and period, so a second
/// start of the same period finds the first run. <see cref="Cutoff"/> is the instant commissions are
/// counted up to (the period's end, or the earlier instant a run was started for by hand).
/// <see cref="Timeline"/> holds every transition with its time, actor and reason; <see cref="Held"/> the
/// partners whose lines finance held back, with the reasons. <see cref="ClosesTiers"/>: the run closes its
/// period's tiers before it collects (a tiered program's run over a whole ended period), done at
/// <see cref="TiersClosedAt"/>.
/// </summary>
public sealed record PayoutRun(
    string Id,
    string ProgramId,
    string PeriodKey,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset Cutoff,
    string Currency,
    PayoutRunState State,
    DateTimeOffset CreatedAt,
    IReadOnlyList<PayoutTransition> Timeline,
    DateTimeOffset? PreviousCutoff = null,
    DateTimeOffset? CalculatedAt = null,
    DateTimeOffset? Deadline = null,
    DateTimeOffset? ReminderAt = null,
    DateTimeOffset? RemindedAt = null,
    PayoutTotals? Totals = null,
    bool Settled = false,
    IReadOnlyDictionary<string, string>? Held = null,
    bool ClosesTiers = false,
    DateTimeOffset? TiersClosedAt = null)
{
    /// <summary><c>{programId}.{periodKey}</c>: readable, and the program can be read back from it.</summary>
    public static string IdFor(string programId, string periodKey) => programId + "." + periodKey;

    /// <summary>The program id inside a run id, or null when <paramref name="runId"/> is not one.</summary>
    public static string? ProgramIdOf(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var dot = runId.LastIndexOf('.');
        return dot > 0 && dot < runId.Length - 1 ? runId[..dot] : null;
    }

    /// <summary>True once nothing more happens to the run.</summary>
    public bool IsFinished => State == PayoutRunState.Paid || (State is PayoutRunState.Rejected or PayoutRunState.Expired && Settled);
}
