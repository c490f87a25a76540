using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Moq;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Groups;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Functions.Payouts;
using Referrals.Storage;
using Referrals.Storage.Commissions;
using Referrals.Storage.Groups;
using Referrals.Storage.Payouts;
using Referrals.Storage.Programs;
using Referrals.Storage.Tests;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// One program with commissions in its own tables on Azurite, and the payout run machinery over them as
/// the Functions app composes it (Core's <see cref="PayoutRunSteps"/> and <see cref="DecidePayoutRun"/> on
/// the Table Storage adapters, the system clock, which is also the engine's). Notices and published
/// events are recorded. <see cref="Tasks"/> registers the real orchestrator and activities.
/// </summary>
internal sealed class PayoutRunWorld
{
    /// <summary>The end of the period most tests pay (February 2025).</summary>
    public static readonly DateTimeOffset PeriodEnd = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly StorageAccount _account;

    private PayoutRunWorld(StorageAccount account, ReferralProgram program)
    {
        _account = account;
        Program = program;
        Programs = new TableProgramStore(account);
        Runs = new TablePayoutRunStore(account);
        Ledger = new TableCommissionStore(account);
        Plans = new ResolvePlan(new TablePartnerGroups(account), new TablePartnerPlans(account));
        Steps = new PayoutRunSteps(Programs, Runs, Ledger, Notifier, Events, new CloseTiers(Programs, Ledger, Plans, TimeProvider.System), TimeProvider.System);
        Decide = new DecidePayoutRun(Runs, Steps, TimeProvider.System);
        Start = new StartPayoutRun(Programs, Runs, Plans, TimeProvider.System);
    }

    public ReferralProgram Program { get; }

    public TableProgramStore Programs { get; }

    public TablePayoutRunStore Runs { get; }

    public TableCommissionStore Ledger { get; }

    /// <summary>The plans of the program's groups and partners, as tier closing resolves them.</summary>
    public ResolvePlan Plans { get; }

    public RecordingNotifier Notifier { get; } = new();

    public RecordingPublisher Events { get; } = new();

    public PayoutRunSteps Steps { get; }

    public DecidePayoutRun Decide { get; }

    public StartPayoutRun Start { get; }

    /// <summary>A program (no hold: a commission is due in the run of the period it was earned in; 10% unless <paramref name="plan"/> says otherwise) in fresh tables.</summary>
    public static async Task<PayoutRunWorld> CreateAsync(AzuriteFixture azurite, CommissionPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var account = await azurite.CreateAccountAsync();
        var program = new ReferralProgram(
            Identifiers.New("prg"),
            "Shoes & Socks",
            "EUR",
            ["shop.example.com"],
            30,
            plan ?? CommissionPlan.OfPercent(10),
            TrackingMode.Durable,
            AttributionModel.LastClick,
            PeriodEnd.AddYears(-1),
            PayoutSettings.Default with { HoldDays = 0 });
        var world = new PayoutRunWorld(account, program);
        await world.Programs.CreateAsync(program, default);
        return world;
    }

    /// <summary>The same tables seen by a new app instance: new adapters and use cases, nothing shared in memory.</summary>
    public PayoutRunWorld Restarted() => new(_account, Program);

    /// <summary>Registers <see cref="PayoutRunOrchestrator"/> and every <see cref="PayoutActivities"/> function under its name, over this world.</summary>
    public Action<DurableTaskRegistry> Tasks(int failingPays = 0)
    {
        var failuresLeft = failingPays;
        var activities = new PayoutActivities(Steps, Decide);
        var context = Mock.Of<FunctionContext>();
        return TasksOf(activities, runId => Interlocked.Decrement(ref failuresLeft) >= 0
            ? throw new Azure.RequestFailedException(503, "Storage is unavailable.")
            : activities.PayAsync(runId, context));
    }

    /// <summary>
    /// Registers <see cref="PayoutRunOrchestrator"/> and every function of <paramref name="activities"/> under
    /// its name; <paramref name="pay"/> stands in for the pay step when given.
    /// </summary>
    public static Action<DurableTaskRegistry> TasksOf(PayoutActivities activities, Func<string, Task<PayoutRunProgress?>>? pay = null)
    {
        var context = Mock.Of<FunctionContext>();
        pay ??= runId => activities.PayAsync(runId, context);
        return registry => registry
            .AddOrchestratorFunc<string, PayoutRunState?>(PayoutRunOrchestrator.Name, (orchestration, _) => PayoutRunOrchestrator.RunAsync(orchestration))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Load, (_, runId) => activities.LoadAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.CloseTiers, (_, runId) => activities.CloseTiersAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Collect, (_, runId) => activities.CollectAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Calculate, (_, runId) => activities.CalculateAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Remind, (_, runId) => activities.RemindAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Expire, (_, runId) => activities.ExpireAsync(runId, context))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Pay, (_, runId) => pay(runId))
            .AddActivityFunc<string, PayoutRunProgress?>(PayoutActivities.Release, (_, runId) => activities.ReleaseAsync(runId, context))
            .AddActivityFunc<PayoutDecisionInput, PayoutRunProgress?>(PayoutActivities.RecordDecision, (_, input) => activities.RecordDecisionAsync(input, context));
    }

    /// <summary>A commission of <paramref name="amount"/> cents earned by <paramref name="partnerId"/> in the period ending at <paramref name="periodEnd"/>.</summary>
    public async Task EarnAsync(string partnerId, long amount, DateTimeOffset? periodEnd = null)
    {
        var conversionId = Identifiers.New("cv");
        var commission = new Commission(
            Commission.IdFor(conversionId),
            Program.Id,
            partnerId,
            conversionId,
            CommissionStatus.Pending,
            new Money(amount, "EUR"),
            new Money(amount * 10, "EUR"),
            CommissionPlanKind.Percent,
            10m,
            "10% of the order.",
            (periodEnd ?? PeriodEnd).AddDays(-10));
        Assert.True(await Ledger.TryCreateAsync(commission, default));
    }

    /// <summary>Creates the program's run for the period ending at <paramref name="periodEnd"/> (not started on the engine).</summary>
    public async Task<string> CreateRunAsync(DateTimeOffset? periodEnd = null)
    {
        var started = Assert.IsType<StartPayoutRunOutcome.Started>(await Start.ExecuteAsync(Program.Id, periodEnd ?? PeriodEnd, "admin", default));
        Assert.True(started.Created);
        return started.Run.Id;
    }

    /// <summary>
    /// Creates the run and moves it on outside the engine (as the server's scheduler would) until it awaits
    /// finance, then gives finance a window of seconds instead of days: the reminder after
    /// <paramref name="reminderIn"/> (none when null) and the deadline after <paramref name="deadlineIn"/>.
    /// </summary>
    public async Task<PayoutRun> AwaitingDecisionAsync(TimeSpan? reminderIn, TimeSpan deadlineIn)
    {
        var runId = await CreateRunAsync();
        Assert.Equal(PayoutRunState.AwaitingDecision, (await Steps.AdvanceAsync(runId, default))!.State);
        var (run, version) = (await Runs.GetAsync(runId, default))!.Value;
        var now = TimeProvider.System.GetUtcNow();
        var deadline = now + deadlineIn;
        var shortened = run with { Deadline = deadline, ReminderAt = reminderIn is { } reminder ? now + reminder : deadline };
        Assert.True(await Runs.TryUpdateAsync(shortened, version, default));
        return shortened;
    }

    public async Task<PayoutRun> RunAsync(string runId) => (await Runs.GetAsync(runId, default))!.Value.Run;

    public async Task<IReadOnlyList<PayoutLine>> LinesAsync(string runId) => await Runs.StreamLinesAsync(runId, default).ToListAsync();

    /// <summary>The program's commissions in <paramref name="status"/>.</summary>
    public async Task<IReadOnlyList<PayoutCommission>> CommissionsAsync(CommissionStatus status) =>
        await Ledger.StreamAsync(Program.Id, status, DateTimeOffset.MaxValue, default).ToListAsync();

    /// <summary>The notices finance was sent about <paramref name="runId"/>, in order.</summary>
    public IReadOnlyList<PayoutNoticeKind> Notices(string runId) => [.. Notifier.Notices.Where(n => n.RunId == runId).Select(n => n.Kind)];

    public sealed class RecordingNotifier : IPayoutNotifier
    {
        private readonly ConcurrentQueue<(PayoutNoticeKind Kind, string RunId, DateTimeOffset At)> _notices = new();

        public IReadOnlyList<(PayoutNoticeKind Kind, string RunId, DateTimeOffset At)> Notices => [.. _notices];

        public Task NotifyAsync(PayoutNoticeKind kind, PayoutRun run, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(run);
            _notices.Enqueue((kind, run.Id, TimeProvider.System.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    public sealed class RecordingPublisher : IEventPublisher
    {
        private readonly ConcurrentQueue<(string Topic, object Event)> _published = new();

        public IReadOnlyList<TEvent> On<TEvent>(string topic) =>
            [.. _published.Where(entry => entry.Topic == topic).Select(entry => entry.Event).OfType<TEvent>()];

        public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
        {
            _published.Enqueue((topic, @event!));
            return Task.CompletedTask;
        }
    }
}
