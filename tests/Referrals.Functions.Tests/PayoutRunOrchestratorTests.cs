using Microsoft.DurableTask;
using Moq;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;

namespace Referrals.Functions.Tests;

/// <summary>The orchestrator against a mocked context: activities answer from a scripted run, time moves only by timers.</summary>
public sealed class PayoutRunOrchestratorTests
{
    private const string RunId = "prg_1.2025-03";
    private static readonly DateTime Start = new(2025, 4, 1, 0, 5, 0, DateTimeKind.Utc);
    private static readonly DateTime Reminder = Start.AddDays(5);
    private static readonly DateTime Deadline = Start.AddDays(7);

    [Fact]
    public async Task The_steps_run_in_order_and_an_approval_is_recorded_then_paid()
    {
        var host = new Host();
        host.Decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Matches the ledger.");

        var state = await PayoutRunOrchestrator.RunAsync(host.Context.Object);

        Assert.Equal(PayoutRunState.Paid, state);
        Assert.Equal([PayoutActivities.Load, PayoutActivities.Collect, PayoutActivities.Calculate, PayoutActivities.RecordDecision, PayoutActivities.Pay], host.Calls);
    }

    [Fact]
    public async Task A_rejection_releases_the_run_and_pays_nothing()
    {
        var host = new Host { Decision = new PayoutDecision(PayoutDecisionKind.Reject, "finance:erin", "Wrong totals.") };

        var state = await PayoutRunOrchestrator.RunAsync(host.Context.Object);

        Assert.Equal(PayoutRunState.Rejected, state);
        Assert.Contains(PayoutActivities.Release, host.Calls);
        Assert.DoesNotContain(PayoutActivities.Pay, host.Calls);
    }

    [Fact]
    public async Task A_partial_approval_passes_the_held_lines_to_the_decision_and_pays()
    {
        var held = new Dictionary<string, string> { ["prt_ada"] = "Tax form missing" };
        var host = new Host { Decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Most lines fine.", held) };

        var state = await PayoutRunOrchestrator.RunAsync(host.Context.Object);

        Assert.Equal(PayoutRunState.Paid, state);
        Assert.Equal(held, host.RecordedDecision!.Decision.Held);
        Assert.Equal(PayoutActivities.Pay, host.Calls[^1]);
    }

    [Fact]
    public async Task Without_a_decision_the_reminder_comes_before_the_deadline_and_the_run_expires_unpaid()
    {
        var host = new Host();

        var state = await PayoutRunOrchestrator.RunAsync(host.Context.Object);

        Assert.Equal(PayoutRunState.Expired, state);
        Assert.Equal([Reminder, Deadline], host.Timers);
        Assert.Equal([PayoutActivities.Load, PayoutActivities.Collect, PayoutActivities.Calculate, PayoutActivities.Remind, PayoutActivities.Expire, PayoutActivities.Release], host.Calls);
        Assert.DoesNotContain(PayoutActivities.Pay, host.Calls);
    }

    [Fact]
    public async Task The_same_history_gives_the_same_calls()
    {
        var first = new Host { Decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Fine.") };
        var replay = new Host { Decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Fine.") };

        await PayoutRunOrchestrator.RunAsync(first.Context.Object);
        await PayoutRunOrchestrator.RunAsync(replay.Context.Object);

        Assert.Equal(first.Calls, replay.Calls);
        Assert.Equal(first.Timers, replay.Timers);
    }

    /// <summary>
    /// A scripted run behind the activities: each step moves it as the state machine would. Finance's
    /// decision, if any, arrives while the run waits for the reminder; timers fire at once and move the
    /// orchestration's clock to their time.
    /// </summary>
    private sealed class Host
    {
        private DateTime _now = Start;
        private PayoutRunProgress _run = new(RunId, PayoutRunState.Collecting, PayoutStep.Collect, Start, null);

        public Host()
        {
            Context.Setup(context => context.GetInput<string>()).Returns(RunId);
            Context.SetupGet(context => context.CurrentUtcDateTime).Returns(() => _now);
            Context.Setup(context => context.CallActivityAsync<PayoutRunProgress?>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? input, TaskOptions? _) => Task.FromResult<PayoutRunProgress?>(Activity(name.Name, input)));
            Context.Setup(context => context.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
                .Returns((DateTime fireAt, CancellationToken _) =>
                {
                    Timers.Add(fireAt);
                    if (Decision is not null)
                    {
                        return new TaskCompletionSource().Task;
                    }

                    _now = fireAt;
                    return Task.CompletedTask;
                });
            Context.Setup(context => context.WaitForExternalEvent<PayoutDecision?>(PayoutRunOrchestrator.DecisionEvent, It.IsAny<CancellationToken>()))
                .Returns(() => Decision is { } decision ? Task.FromResult<PayoutDecision?>(decision) : new TaskCompletionSource<PayoutDecision?>().Task);
        }

        public Mock<TaskOrchestrationContext> Context { get; } = new();

        public PayoutDecision? Decision { get; set; }

        public PayoutDecisionInput? RecordedDecision { get; private set; }

        public List<string> Calls { get; } = [];

        public List<DateTime> Timers { get; } = [];

        private PayoutRunProgress Activity(string name, object? input)
        {
            Calls.Add(name);
            _run = name switch
            {
                PayoutActivities.Collect => _run with { State = PayoutRunState.Calculating, Next = PayoutStep.Calculate },
                PayoutActivities.Calculate => _run with { State = PayoutRunState.AwaitingDecision, Next = PayoutStep.Remind, DueAt = Reminder, Deadline = Deadline },
                PayoutActivities.Remind => _run with { Next = PayoutStep.Expire, DueAt = Deadline },
                PayoutActivities.Expire => _run with { State = PayoutRunState.Expired, Next = PayoutStep.Release, DueAt = Start },
                PayoutActivities.RecordDecision => Decided((PayoutDecisionInput)input!),
                PayoutActivities.Pay => _run with { State = PayoutRunState.Paid, Next = PayoutStep.None, DueAt = null },
                PayoutActivities.Release => _run with { Next = PayoutStep.None, DueAt = null },
                _ => _run,
            };
            return _run;
        }

        private PayoutRunProgress Decided(PayoutDecisionInput input)
        {
            RecordedDecision = input;
            Decision = null;
            return input.Decision.Kind == PayoutDecisionKind.Reject
                ? _run with { State = PayoutRunState.Rejected, Next = PayoutStep.Release, DueAt = Start }
                : _run with { State = PayoutRunState.Approved, Next = PayoutStep.Pay, DueAt = Start };
        }
    }
}
