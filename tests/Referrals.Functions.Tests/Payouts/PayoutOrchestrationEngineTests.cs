using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;
using Referrals.Storage.Tests;
using Xunit.Abstractions;
using P = Microsoft.DurableTask.Protobuf;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// The payout run orchestration on the real Durable Task engine (in process, real timers), with the real
/// activities over Core and Table Storage on Azurite. Every episode replays the orchestrator from its
/// history, so each test also runs it through replay; finance's window is seconds instead of days where
/// a test waits for the reminder or the deadline.
/// </summary>
public sealed class PayoutOrchestrationEngineTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    /// <summary>How long a test waits for the orchestration before it fails; never a claim about speed.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly PayoutDecision Approval = new(PayoutDecisionKind.Approve, "finance:erin", "Matches the bank balance.");

    /// <summary>Equal to the millisecond: a timer's time has been through Table Storage, JSON and protobuf.</summary>
    private static readonly IEqualityComparer<DateTimeOffset> SameMillisecond =
        EqualityComparer<DateTimeOffset>.Create((a, b) => Math.Abs((a - b).TotalMilliseconds) < 1, _ => 0);

    private DurableEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await DurableEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    /// <summary>A run with one partner's commission, on a started worker, driven until it awaits finance's decision.</summary>
    private async Task<(PayoutRunWorld World, string RunId)> AwaitingDecisionAsync(int failingPays = 0)
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        var runId = await world.CreateRunAsync();
        await _engine.StartWorkerAsync(world.Tasks(failingPays));
        await StartAsync(runId);
        await WaitingAsync(runId);
        return (world, runId);
    }

    [Fact]
    public async Task An_approval_raised_with_the_decision_is_recorded_and_the_run_paid()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        await world.EarnAsync("prt_bob", 2500);
        var runId = await world.CreateRunAsync();
        await _engine.StartWorkerAsync(world.Tasks());
        var clock = Stopwatch.StartNew();

        await StartAsync(runId);
        await WaitingAsync(runId);
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, Approval);
        var state = await CompletedAsync(runId);

        output.WriteLine($"Collected, calculated, approved and paid on the engine in {clock.Elapsed.TotalSeconds:F2} s.");
        Assert.Equal(PayoutRunState.Paid, state);
        var run = await world.RunAsync(runId);
        Assert.Equal(PayoutRunState.Paid, run.State);
        Assert.Contains(run.Timeline, t => t.Event == "approved" && t.Actor == "finance:erin");
        Assert.All(await world.LinesAsync(runId), line => Assert.Equal(PayoutLineStatus.Paid, line.Status));
        Assert.Equal(2, (await world.CommissionsAsync(CommissionStatus.Paid)).Count);
        Assert.Equal(4000, Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved)).PaidAmount);
        Assert.Equal(
            [PayoutActivities.Load, PayoutActivities.Collect, PayoutActivities.Calculate, PayoutActivities.RecordDecision, PayoutActivities.Pay],
            _engine.Trace.Activities(runId));
    }

    [Fact]
    public async Task A_step_whose_storage_fails_is_tried_again_after_a_pause_and_the_run_still_paid()
    {
        var (world, runId) = await AwaitingDecisionAsync(failingPays: 1);
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, Approval);
        var state = await CompletedAsync(runId);

        Assert.Equal(PayoutRunState.Paid, state);
        Assert.Equal(1500, Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved)).PaidAmount);
    }

    [Fact]
    public async Task An_approval_holding_lines_back_recorded_before_the_event_pays_the_rest_and_holds_those_lines()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        await world.EarnAsync("prt_bob", 2500);
        var runId = await world.CreateRunAsync();
        await _engine.StartWorkerAsync(world.Tasks());
        var decision = Approval with { Held = new Dictionary<string, string> { ["prt_bob"] = "Tax form missing" } };

        await StartAsync(runId);
        await WaitingAsync(runId);
        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(runId, decision, default));
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, decision);
        var state = await CompletedAsync(runId);

        Assert.Equal(PayoutRunState.Paid, state);
        var run = await world.RunAsync(runId);
        Assert.Single(run.Timeline, t => t.Event == "partially approved");
        var lines = (await world.LinesAsync(runId)).ToDictionary(line => line.PartnerId);
        Assert.Equal(PayoutLineStatus.Paid, lines["prt_ada"].Status);
        Assert.Equal(PayoutLineStatus.Held, lines["prt_bob"].Status);
        Assert.Equal("Tax form missing", lines["prt_bob"].HoldReason);
        Assert.Equal("prt_ada", Assert.Single(await world.CommissionsAsync(CommissionStatus.Paid)).PartnerId);
        Assert.Equal("prt_bob", Assert.Single(await world.CommissionsAsync(CommissionStatus.Approved)).PartnerId);
        Assert.Equal(1500, Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved)).PaidAmount);
    }

    [Fact]
    public async Task A_rejection_recorded_before_an_empty_event_releases_the_run_and_pays_nothing()
    {
        var (world, runId) = await AwaitingDecisionAsync();
        var rejection = new PayoutDecision(PayoutDecisionKind.Reject, "finance:erin", "Totals do not match the ledger.");
        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(runId, rejection, default));
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null);
        var state = await CompletedAsync(runId);

        Assert.Equal(PayoutRunState.Rejected, state);
        var run = await world.RunAsync(runId);
        Assert.True(run.IsFinished);
        Assert.Contains(run.Timeline, t => t.Event == "released");
        Assert.Empty(await world.CommissionsAsync(CommissionStatus.Paid));
        Assert.Empty(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
        Assert.Equal([PayoutActivities.Load, PayoutActivities.Collect, PayoutActivities.Calculate, PayoutActivities.Load, PayoutActivities.Release], _engine.Trace.Activities(runId));
    }

    [Fact]
    public async Task Without_a_decision_the_reminder_timer_then_the_deadline_timer_expire_the_run_unpaid()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        await _engine.StartWorkerAsync(world.Tasks());
        var run = await world.AwaitingDecisionAsync(reminderIn: TimeSpan.FromSeconds(2), deadlineIn: TimeSpan.FromSeconds(4));
        var clock = Stopwatch.StartNew();

        await StartAsync(run.Id);
        var state = await CompletedAsync(run.Id);

        output.WriteLine($"Reminded and expired by timers in {clock.Elapsed.TotalSeconds:F2} s (reminder after 2 s, deadline after 4 s).");
        Assert.Equal(PayoutRunState.Expired, state);
        var expired = await world.RunAsync(run.Id);
        Assert.True(expired.IsFinished);
        Assert.Equal([PayoutNoticeKind.DecisionRequested, PayoutNoticeKind.Reminder, PayoutNoticeKind.Expired], world.Notices(run.Id));
        var notices = world.Notifier.Notices;
        Assert.True(notices.Single(n => n.Kind == PayoutNoticeKind.Reminder).At >= run.ReminderAt);
        Assert.True(notices.Single(n => n.Kind == PayoutNoticeKind.Expired).At >= run.Deadline);
        Assert.Equal([run.ReminderAt!.Value, run.Deadline!.Value], _engine.Trace.Timers(run.Id), SameMillisecond);
        Assert.Equal([PayoutActivities.Load, PayoutActivities.Remind, PayoutActivities.Expire, PayoutActivities.Release], _engine.Trace.Activities(run.Id));
        Assert.Empty(await world.CommissionsAsync(CommissionStatus.Paid));
    }

    [Fact]
    public async Task A_decision_that_arrives_after_the_deadline_is_refused_and_the_run_expires()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        await _engine.StartWorkerAsync(world.Tasks());
        var run = await world.AwaitingDecisionAsync(reminderIn: null, deadlineIn: TimeSpan.FromSeconds(3));
        await StartAsync(run.Id);
        await WaitingAsync(run.Id);

        // No worker while the deadline passes: the timer and the late decision wake the orchestration together.
        await _engine.StopWorkerAsync();
        await Until(() => Task.FromResult(TimeProvider.System.GetUtcNow() > run.Deadline), "the deadline passes");
        Assert.IsType<PayoutDecisionResult.PastDeadline>(await world.Decide.RecordAsync(run.Id, Approval, default));
        await _engine.Client.RaiseEventAsync(run.Id, PayoutRunOrchestrator.DecisionEvent, Approval);
        var restarted = world.Restarted();
        await _engine.StartWorkerAsync(restarted.Tasks());
        var state = await CompletedAsync(run.Id);

        Assert.Equal(PayoutRunState.Expired, state);
        var expired = await world.RunAsync(run.Id);
        Assert.True(expired.IsFinished);
        Assert.DoesNotContain(expired.Timeline, t => t.Event == "approved");
        Assert.Empty(await world.CommissionsAsync(CommissionStatus.Paid));
        Assert.Empty(restarted.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
    }

    [Fact]
    public async Task A_decision_recorded_in_storage_while_the_deadline_timer_fires_is_paid_not_expired()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        await world.EarnAsync("prt_ada", 1500);
        await _engine.StartWorkerAsync(world.Tasks());
        var run = await world.AwaitingDecisionAsync(reminderIn: null, deadlineIn: TimeSpan.FromSeconds(4));
        await StartAsync(run.Id);
        await WaitingAsync(run.Id);

        // The endpoint recorded the decision, and its event is lost (or comes after the timer): the timer wakes the run.
        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(run.Id, Approval, default));
        var state = await CompletedAsync(run.Id);

        Assert.Equal(PayoutRunState.Paid, state);
        Assert.Equal(PayoutRunState.Paid, (await world.RunAsync(run.Id)).State);
        Assert.Equal("prt_ada", Assert.Single(await world.CommissionsAsync(CommissionStatus.Paid)).PartnerId);
        Assert.Contains(_engine.Trace.Episodes(run.Id), e => e.NewEvents.Contains(P.HistoryEvent.EventTypeOneofCase.TimerFired));
        Assert.DoesNotContain(_engine.Trace.Episodes(run.Id), e => e.NewEvents.Contains(P.HistoryEvent.EventTypeOneofCase.EventRaised));
        Assert.Equal([PayoutActivities.Load, PayoutActivities.Expire, PayoutActivities.Pay], _engine.Trace.Activities(run.Id));
        Assert.DoesNotContain(PayoutNoticeKind.Expired, world.Notices(run.Id));
    }

    [Fact]
    public async Task A_run_blocked_by_another_run_looks_again_in_fresh_executions_and_is_paid_once_the_other_finishes()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite);
        var januaryEnd = PayoutRunWorld.PeriodEnd.AddMonths(-1);
        await world.EarnAsync("prt_ada", 1000, januaryEnd);
        await world.EarnAsync("prt_ada", 1500);
        var earlier = await world.CreateRunAsync(januaryEnd);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await world.Steps.AdvanceAsync(earlier, default))!.State);
        var runId = await world.CreateRunAsync();
        await _engine.StartWorkerAsync(world.Tasks());
        await StartAsync(runId);
        await WaitingAsync(runId);

        // Each look (the run's timer, or the endpoint's empty event) finds it still blocked and starts a new execution.
        const int looks = 3;
        for (var look = 1; look <= looks; look++)
        {
            await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null);
            await Until(() => Task.FromResult(_engine.Trace.Timers(runId).Count == look + 1), $"look {look} to wait again");
        }

        Assert.Equal(looks, _engine.Trace.ContinuedAsNew(runId));
        Assert.Equal(PayoutRunState.Collecting, (await world.RunAsync(runId)).State);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _engine.Client.GetInstanceAsync(runId))!.RuntimeStatus);
        var executions = _engine.Trace.Episodes(runId).GroupBy(e => e.ExecutionId).Select(g => g.Max(e => e.PastEvents)).ToArray();
        output.WriteLine($"History replayed by each execution while blocked: {string.Join(", ", executions)} events.");
        Assert.Equal(looks + 1, executions.Length);
        Assert.All(executions, longest => Assert.True(longest <= executions[0], $"An execution replayed {longest} events, the first {executions[0]}: the history grows."));

        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.ExecuteAsync(earlier, Approval, default));
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null);
        await Until(async () => (await world.RunAsync(runId)).State == PayoutRunState.AwaitingDecision && _engine.Trace.Timers(runId).Count == looks + 2, "the run awaits finance");
        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(runId, Approval, default));
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null);

        Assert.Equal(PayoutRunState.Paid, await CompletedAsync(runId));
        Assert.Equal(1500, world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved).Single(paid => paid.RunId == runId).PaidAmount);
    }

    [Fact]
    public async Task A_new_worker_replays_a_waiting_run_from_its_history_and_pays_the_decision_made_while_none_ran()
    {
        var (world, runId) = await AwaitingDecisionAsync();
        var before = _engine.Trace.Episodes(runId).Count;

        await _engine.StopWorkerAsync();
        Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(runId, Approval, default));
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null);
        var restarted = world.Restarted();
        await _engine.StartWorkerAsync(restarted.Tasks());
        var state = await CompletedAsync(runId);

        Assert.Equal(PayoutRunState.Paid, state);
        var resumed = _engine.Trace.Episodes(runId)[before];
        Assert.True(resumed.PastEvents > 0, "The new worker was not handed the history to replay.");
        Assert.Contains(P.HistoryEvent.EventTypeOneofCase.EventRaised, resumed.NewEvents);
        Assert.Equal(1500, Assert.Single(restarted.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved)).PaidAmount);
        Assert.Empty(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
    }

    /// <summary>Starts the run's orchestration as the app does (instance id = run id).</summary>
    private Task StartAsync(string runId) => PayoutOrchestrations.EnsureRunningAsync(_engine.Client, runId, default);

    /// <summary>Waits until the orchestration has armed a timer: it races finance's event against it, or waits out another run.</summary>
    private Task WaitingAsync(string runId) =>
        Until(() => Task.FromResult(_engine.Trace.Timers(runId).Count > 0), "the orchestration waits");

    /// <summary>The run's state the orchestration returned, once it completed.</summary>
    private async Task<PayoutRunState?> CompletedAsync(string runId)
    {
        using var patience = new CancellationTokenSource(Patience);
        OrchestrationMetadata completed;
        try
        {
            completed = await _engine.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, patience.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await _engine.Client.GetInstanceAsync(runId);
            throw new TimeoutException($"The orchestration is still {instance?.RuntimeStatus} after {Patience.TotalSeconds} s; activities so far: {string.Join(", ", _engine.Trace.Activities(runId))}.");
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<PayoutRunState?>();
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            }

            await Task.Delay(25);
        }
    }
}
