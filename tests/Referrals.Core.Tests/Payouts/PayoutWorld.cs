using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Payouts;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Payouts;

/// <summary>A program with its payout run machinery over in-memory ports, on a clock the test drives.</summary>
internal sealed class PayoutWorld
{
    private int _next;

    public PayoutWorld(PayoutSettings? settings = null, DateTimeOffset? start = null, Core.OutboundWebhooks.IWebhookOutbox? webhooks = null)
    {
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Settings = settings ?? PayoutSettings.Default with { HoldDays = 0 };
        Programs.Add(Sample.Program() with { PayoutSettings = Settings });
        Steps = new PayoutRunSteps(Programs, Runs, Ledger, Notifier, Events, new CloseTiers(Programs, Commissions, new ResolvePlan(Groups), Time), Time, webhooks);
        Start = new StartPayoutRun(Programs, Runs, new ResolvePlan(Groups), Time);
        Decide = new DecidePayoutRun(Runs, Steps, Time);
    }

    public FakeTimeProvider Time { get; }

    public PayoutSettings Settings { get; }

    public InMemoryProgramStore Programs { get; } = new();

    public InMemoryPayoutRunStore Runs { get; } = new();

    public InMemoryPayoutLedger Ledger { get; } = new();

    public InMemoryCommissionStore Commissions { get; } = new();

    public InMemoryPartnerGroups Groups { get; } = new();

    public RecordingPayoutNotifier Notifier { get; } = new();

    public RecordingEventPublisher Events { get; } = new();

    public PayoutRunSteps Steps { get; }

    public StartPayoutRun Start { get; }

    public DecidePayoutRun Decide { get; }

    /// <summary>A commission (negative: a reversal entry) earned now by <paramref name="partnerId"/>.</summary>
    public PayoutCommission Earn(string partnerId, long amount, DateTimeOffset? at = null)
    {
        var commission = new PayoutCommission($"cm_{++_next}", Sample.ProgramId, partnerId, amount, "EUR", at ?? Time.GetUtcNow(), CommissionStatus.Pending);
        Ledger.Add(commission);
        return commission;
    }

    /// <summary>Moves the clock on to <paramref name="at"/> (time never goes back: an earlier instant leaves it where it is).</summary>
    public void At(DateTimeOffset at)
    {
        if (at > Time.GetUtcNow())
        {
            Time.SetUtcNow(at);
        }
    }

    /// <summary>Starts the run of the period ending at <paramref name="periodEnd"/> (at that instant) and advances it until it waits.</summary>
    public async Task<PayoutRun> RunAsync(DateTimeOffset periodEnd)
    {
        if (Time.GetUtcNow() < periodEnd)
        {
            At(periodEnd);
        }

        var started = Assert.IsType<StartPayoutRunOutcome.Started>(await Start.ExecuteAsync(Sample.ProgramId, periodEnd, "admin", default));
        return (await Steps.AdvanceAsync(started.Run.Id, default))!;
    }

    public async Task<PayoutRun> ApproveAsync(PayoutRun run, IReadOnlyDictionary<string, string>? held = null) =>
        Assert.IsType<PayoutDecisionResult.Decided>(await Decide.ExecuteAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Checked against the bank balance.", held), default)).Run;

    public async Task<PayoutRun> RejectAsync(PayoutRun run) =>
        Assert.IsType<PayoutDecisionResult.Decided>(await Decide.ExecuteAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Reject, "finance:erin", "Numbers look wrong."), default)).Run;

    public static DateTimeOffset Month(int month, int year = 2025) => new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(month - 1);
}
