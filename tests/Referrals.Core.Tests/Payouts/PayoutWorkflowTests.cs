using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;
using static Referrals.Core.Tests.Payouts.PayoutWorld;

namespace Referrals.Core.Tests.Payouts;

public class PayoutWorkflowTests
{
    private static readonly DateTimeOffset Now = Month(2);

    [Theory]
    [InlineData(PayoutRunState.Collecting, PayoutStep.Collect)]
    [InlineData(PayoutRunState.Calculating, PayoutStep.Calculate)]
    [InlineData(PayoutRunState.Approved, PayoutStep.Pay)]
    [InlineData(PayoutRunState.PartiallyApproved, PayoutStep.Pay)]
    [InlineData(PayoutRunState.Rejected, PayoutStep.Release)]
    [InlineData(PayoutRunState.Expired, PayoutStep.Release)]
    public void A_step_that_is_due_runs_now(PayoutRunState state, PayoutStep step)
    {
        var plan = PayoutWorkflow.Plan(new PayoutRunProgress("run", state, step, Now.AddDays(-1), null), Now);

        Assert.Equal(new PayoutPlan.RunStep(step), plan);
    }

    [Fact]
    public void A_run_awaiting_a_decision_waits_for_it_until_the_reminder()
    {
        var reminder = Now.AddDays(5);
        var plan = PayoutWorkflow.Plan(new PayoutRunProgress("run", PayoutRunState.AwaitingDecision, PayoutStep.Remind, reminder, Now.AddDays(7)), Now);

        Assert.Equal(new PayoutPlan.AwaitDecision(reminder, PayoutStep.Remind), plan);
    }

    [Fact]
    public void A_reminded_run_waits_for_the_decision_until_the_deadline_then_expires()
    {
        var deadline = Now.AddDays(2);
        var progress = new PayoutRunProgress("run", PayoutRunState.AwaitingDecision, PayoutStep.Expire, deadline, deadline);

        Assert.Equal(new PayoutPlan.AwaitDecision(deadline, PayoutStep.Expire), PayoutWorkflow.Plan(progress, Now));
        Assert.Equal(new PayoutPlan.RunStep(PayoutStep.Expire), PayoutWorkflow.Plan(progress, deadline));
    }

    [Fact]
    public void A_reminder_missed_until_the_deadline_is_skipped_and_the_run_expires()
    {
        var deadline = Now.AddDays(-1);
        var progress = new PayoutRunProgress("run", PayoutRunState.AwaitingDecision, PayoutStep.Remind, deadline.AddDays(-2), deadline);

        Assert.Equal(new PayoutPlan.RunStep(PayoutStep.Expire), PayoutWorkflow.Plan(progress, Now));
    }

    [Fact]
    public void A_run_blocked_by_another_run_of_its_program_looks_again_later()
    {
        var progress = new PayoutRunProgress("run", PayoutRunState.Collecting, PayoutStep.Collect, Now.AddDays(-1), null, Blocked: true);

        Assert.Equal(new PayoutPlan.WaitUntil(Now + PayoutWorkflow.BlockedRetry), PayoutWorkflow.Plan(progress, Now));
    }

    [Fact]
    public void A_finished_or_missing_run_has_nothing_left_to_do()
    {
        Assert.IsType<PayoutPlan.Finished>(PayoutWorkflow.Plan(new PayoutRunProgress("run", PayoutRunState.Paid, PayoutStep.None, null, null), Now));
        Assert.IsType<PayoutPlan.Finished>(PayoutWorkflow.Plan(null, Now));
    }

    [Fact]
    public void The_period_to_start_is_the_last_closed_one_unless_the_program_is_younger()
    {
        var program = Sample.Program() with { CreatedAt = Month(1).AddDays(3) };

        Assert.Equal("2025-02", PayoutWorkflow.PeriodToStart(program, Month(3).AddHours(1))?.Key);
        Assert.Equal("2025-01", PayoutWorkflow.PeriodToStart(program, Month(2))?.Key);
        Assert.Null(PayoutWorkflow.PeriodToStart(program with { CreatedAt = Month(2).AddHours(1) }, Month(2).AddDays(3)));
    }

    [Fact]
    public async Task Driving_a_run_by_its_plan_asks_finance_then_pays_the_approved_lines()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await StartAsync(world);
        var decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Matches the ledger.");

        var steps = await DriveAsync(world, run.Id, decision);

        Assert.Equal([PayoutStep.Collect, PayoutStep.Calculate, PayoutStep.Pay], steps);
        Assert.Equal(PayoutRunState.Paid, (await world.Steps.ProgressAsync(run.Id, default))!.State);
        Assert.Equal(CommissionStatus.Paid, Assert.Single(world.Ledger.All).Status);
        Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
    }

    [Fact]
    public async Task Driving_a_run_without_a_decision_reminds_then_expires_it_and_pays_nothing()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await StartAsync(world);

        var steps = await DriveAsync(world, run.Id, decision: null);

        Assert.Equal([PayoutStep.Collect, PayoutStep.Calculate, PayoutStep.Remind, PayoutStep.Expire, PayoutStep.Release], steps);
        var stored = (await world.Runs.GetAsync(run.Id, default))!.Value.Run;
        Assert.Equal(PayoutRunState.Expired, stored.State);
        Assert.True(stored.RemindedAt < stored.Deadline);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
        Assert.Empty(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
    }

    [Fact]
    public async Task Running_a_step_again_after_it_succeeded_does_nothing()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await StartAsync(world);

        var first = await world.Steps.RunAsync(run.Id, PayoutStep.Collect, default);
        var again = await world.Steps.RunAsync(run.Id, PayoutStep.Collect, default);

        Assert.Equal(PayoutRunState.Calculating, first!.State);
        Assert.Equal(first, again);
        Assert.Equal(1, world.Ledger.Moves);
    }

    [Fact]
    public async Task Recording_a_decision_leaves_paying_to_the_next_step()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(Month(2));
        var decision = new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Matches the ledger.");

        var recorded = Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(run.Id, decision, default));

        Assert.Equal(PayoutRunState.Approved, recorded.Run.State);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
        Assert.Equal(new PayoutPlan.RunStep(PayoutStep.Pay), PayoutWorkflow.Plan(await world.Steps.ProgressAsync(run.Id, default), world.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Checking_a_decision_stores_nothing_and_names_what_is_wrong()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(Month(2));

        var valid = await world.Decide.CheckAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Reject, "finance", "Wrong totals."), default);
        var invalid = await world.Decide.CheckAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance", " "), default);

        Assert.IsType<PayoutDecisionResult.Decided>(valid);
        Assert.Contains("reason", Assert.IsType<PayoutDecisionResult.Invalid>(invalid).Errors.ToDictionary().Keys);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);
    }

    [Fact]
    public async Task Closed_periods_get_their_run_once_and_finished_runs_are_no_longer_listed()
    {
        var world = new PayoutWorld();
        world.At(Month(2).AddHours(1));
        var starter = new StartClosedPeriodRuns(world.Programs, world.Runs, world.Start, world.Time);

        var first = await ListAsync(starter);
        var second = await ListAsync(starter);

        var run = Assert.Single(first);
        Assert.Equal(PayoutRun.IdFor(Sample.ProgramId, "2025-01"), run.Id);
        Assert.Equal(run.Id, Assert.Single(second).Id);
        Assert.Single(world.Runs.Audit, transition => transition.Event == "created");

        await DriveAsync(world, run.Id, new PayoutDecision(PayoutDecisionKind.Reject, "finance", "Not this month."));
        Assert.Empty(await ListAsync(starter));
    }

    [Fact]
    public async Task A_tiered_programs_run_closes_the_tiers_before_it_collects()
    {
        var world = new PayoutWorld();
        var program = (await world.Programs.GetAsync(Sample.ProgramId, default))!;
        world.Programs.Add(program with { Plan = CommissionPlan.OfPercent(10) with { Tiers = [new CommissionTier(10), new CommissionTier(15, FromRevenue: 100_000)] } });
        world.At(Month(1).AddDays(5));
        var sale = new Money(120_000, "EUR");
        await world.Commissions.TryCreateAsync(new Commission("cm_sale", Sample.ProgramId, Sample.PartnerId, "cv_sale", CommissionStatus.Pending, sale.Percent(10), sale, CommissionPlanKind.Percent, 10m, "", world.Time.GetUtcNow()), default);
        var run = await StartAsync(world);

        var steps = await DriveAsync(world, run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance:erin", "Matches the ledger."));

        Assert.Equal([PayoutStep.CloseTiers, PayoutStep.Collect, PayoutStep.Calculate, PayoutStep.Pay], steps);
        var closed = Assert.Single((await world.Runs.GetAsync(run.Id, default))!.Value.Run.Timeline, transition => transition.Event == "tiers closed");
        Assert.Equal("Tiers closed: 1 adjustment line(s), +60.00 EUR.", closed.Reason);
        var line = Assert.Single(world.Commissions.All, commission => commission.Rule == CommissionPlanKind.Tier);
        Assert.Equal(6_000, line.Amount.Amount);
        Assert.Equal(Month(2).AddSeconds(-1), line.CreatedAt);
    }

    [Fact]
    public async Task A_run_that_stops_before_its_period_ends_leaves_the_tiers_open()
    {
        var world = new PayoutWorld();
        var program = (await world.Programs.GetAsync(Sample.ProgramId, default))!;
        world.Programs.Add(program with { Plan = CommissionPlan.OfPercent(10) with { Tiers = [new CommissionTier(10), new CommissionTier(15, FromRevenue: 100_000)] } });
        world.At(Month(1).AddDays(20));

        var run = Assert.IsType<StartPayoutRunOutcome.Started>(await world.Start.ExecuteAsync(Sample.ProgramId, Month(1).AddDays(15), "admin", default)).Run;

        Assert.False(run.ClosesTiers);
        Assert.Equal(PayoutStep.Collect, PayoutRunMachine.Next(run).Step);
    }

    private static async Task<PayoutRun> StartAsync(PayoutWorld world)
    {
        world.At(Month(2));
        return Assert.IsType<StartPayoutRunOutcome.Started>(await world.Start.ExecuteAsync(Sample.ProgramId, Month(2), "system", default)).Run;
    }

    private static async Task<List<PayoutRun>> ListAsync(StartClosedPeriodRuns starter)
    {
        var runs = new List<PayoutRun>();
        await foreach (var run in starter.ExecuteAsync(default))
        {
            runs.Add(run);
        }

        return runs;
    }

    /// <summary>A host driving the run by its plan, as the orchestration does; finance decides at the first wait if <paramref name="decision"/> is given.</summary>
    private static async Task<List<PayoutStep>> DriveAsync(PayoutWorld world, string runId, PayoutDecision? decision)
    {
        var steps = new List<PayoutStep>();
        var progress = await world.Steps.ProgressAsync(runId, default);
        for (var i = 0; i < 50; i++)
        {
            switch (PayoutWorkflow.Plan(progress, world.Time.GetUtcNow()))
            {
                case PayoutPlan.Finished:
                    return steps;
                case PayoutPlan.RunStep run:
                    steps.Add(run.Step);
                    progress = await world.Steps.RunAsync(runId, run.Step, default);
                    break;
                case PayoutPlan.AwaitDecision when decision is not null:
                    Assert.IsType<PayoutDecisionResult.Decided>(await world.Decide.RecordAsync(runId, decision, default));
                    decision = null;
                    progress = await world.Steps.ProgressAsync(runId, default);
                    break;
                case PayoutPlan.AwaitDecision wait:
                    world.At(wait.Until);
                    break;
                case PayoutPlan.WaitUntil wait:
                    world.At(wait.At);
                    break;
            }
        }

        throw new InvalidOperationException("The run never finished.");
    }
}
