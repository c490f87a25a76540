using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class PayoutRunTests
{
    private static DateTimeOffset Month(int month) => PayoutWorld.Month(month);

    [Fact]
    public async Task A_commission_inside_its_hold_period_waits_for_the_next_run()
    {
        var world = new PayoutWorld(PayoutSettings.Default with { HoldDays = 30 });
        world.Earn(Sample.PartnerId, 5_000, new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero));

        var january = await world.RunAsync(Month(2));
        Assert.Equal(0, january.Totals!.Lines);
        Assert.Equal(CommissionStatus.Pending, Assert.Single(world.Ledger.All).Status);
        await world.ApproveAsync(january);

        var february = await world.RunAsync(Month(3));
        var line = Assert.Single(world.Runs.Lines(february.Id));
        Assert.Equal(5_000, line.Amount);
        Assert.Equal(PayoutLineStatus.Payable, line.Status);
        var paid = await world.ApproveAsync(february);
        Assert.Equal(PayoutRunState.Paid, paid.State);
        Assert.Equal(CommissionStatus.Paid, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task A_balance_below_the_minimum_carries_over_and_is_paid_once_it_reaches_it()
    {
        var world = new PayoutWorld(PayoutSettings.Default with { HoldDays = 0, MinimumPayout = 5_000 });
        world.At(Month(1).AddDays(3));
        world.Earn(Sample.PartnerId, 3_000);

        var january = await world.RunAsync(Month(2));
        var carried = Assert.Single(world.Runs.Lines(january.Id));
        Assert.Equal(PayoutLineStatus.Carried, carried.Status);
        Assert.Contains("minimum payout of 50.00 EUR", carried.Note, StringComparison.Ordinal);
        await world.ApproveAsync(january);
        Assert.Equal(3_000, world.Runs.Balances[(Sample.ProgramId, Sample.PartnerId)]);

        world.At(Month(2).AddDays(3));
        world.Earn(Sample.PartnerId, 2_500);
        var february = await world.RunAsync(Month(3));
        var line = Assert.Single(world.Runs.Lines(february.Id));
        Assert.Equal((3_000, 2_500, 5_500, PayoutLineStatus.Payable), (line.CarriedIn, line.Earned, line.Amount, line.Status));
        await world.ApproveAsync(february);
        Assert.All(world.Ledger.All, c => Assert.Equal(CommissionStatus.Paid, c.Status));
        Assert.Equal(0, world.Runs.Balances[(Sample.ProgramId, Sample.PartnerId)]);
    }

    [Fact]
    public async Task A_reversal_of_a_paid_commission_becomes_a_negative_balance_taken_from_the_next_payout()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 10_000);
        await world.ApproveAsync(await world.RunAsync(Month(2)));

        world.At(Month(2).AddDays(5));
        world.Earn(Sample.PartnerId, -4_000);
        var february = await world.RunAsync(Month(3));
        var negative = Assert.Single(world.Runs.Lines(february.Id));
        Assert.Equal((-4_000, -4_000, PayoutLineStatus.Carried), (negative.Reversals, negative.Amount, negative.Status));
        await world.ApproveAsync(february);

        world.At(Month(3).AddDays(5));
        world.Earn(Sample.PartnerId, 5_000);
        var march = await world.RunAsync(Month(4));
        var line = Assert.Single(world.Runs.Lines(march.Id));
        Assert.Equal((-4_000, 5_000, 1_000, PayoutLineStatus.Payable), (line.CarriedIn, line.Earned, line.Amount, line.Status));
        await world.ApproveAsync(march);
        Assert.Equal(11_000, world.Ledger.All.Where(c => c.Status == CommissionStatus.Paid).Sum(c => c.Amount));
    }

    [Fact]
    public async Task An_undecided_run_is_reminded_then_expires_and_pays_nothing()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(Month(2));
        Assert.Equal(PayoutRunState.AwaitingDecision, run.State);
        Assert.Equal(Month(2).AddDays(7), run.Deadline);

        world.At(run.ReminderAt!.Value.AddMinutes(-1));
        Assert.Equal(PayoutStep.None, PayoutRunMachine.Due(run, world.Time.GetUtcNow()));
        world.At(run.ReminderAt!.Value);
        run = (await world.Steps.AdvanceAsync(run.Id, default))!;
        Assert.NotNull(run.RemindedAt);
        Assert.Equal(PayoutRunState.AwaitingDecision, run.State);

        world.At(run.Deadline!.Value);
        run = (await world.Steps.AdvanceAsync(run.Id, default))!;

        Assert.Equal(PayoutRunState.Expired, run.State);
        Assert.True(run.Settled);
        Assert.Equal([PayoutNoticeKind.DecisionRequested, PayoutNoticeKind.Reminder, PayoutNoticeKind.Expired], world.Notifier.Notices.Select(n => n.Kind));
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
        Assert.Empty(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
        Assert.Equal(["created", "collected", "calculated", "reminded", "expired", "released"], run.Timeline.Select(t => t.Event));
    }

    [Fact]
    public async Task A_decision_after_the_deadline_is_refused_and_the_run_expires()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(Month(2));
        world.At(run.Deadline!.Value.AddSeconds(1));

        var result = await world.Decide.ExecuteAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance", "late"), default);

        Assert.IsType<PayoutDecisionResult.PastDeadline>(result);
        Assert.Equal(PayoutRunState.Expired, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task Approving_pays_every_line_records_who_and_why_and_publishes_the_payout()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        world.Earn(Sample.OtherPartnerId, 3_000);
        var run = await world.RunAsync(Month(2));

        var paid = await world.ApproveAsync(run);

        Assert.Equal(PayoutRunState.Paid, paid.State);
        var decision = paid.Timeline.Single(t => t.Event == "approved");
        Assert.Equal(("finance:erin", "Checked against the bank balance."), (decision.Actor, decision.Reason));
        Assert.All(world.Runs.Lines(run.Id), line => Assert.Equal(PayoutLineStatus.Paid, line.Status));
        var published = Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved));
        Assert.Equal((2, 10_000L), (published.PaidLines, published.PaidAmount));
    }

    [Fact]
    public async Task Rejecting_returns_the_commissions_to_the_pool_for_the_next_run()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var january = await world.RejectAsync(await world.RunAsync(Month(2)));
        Assert.Equal(PayoutRunState.Rejected, january.State);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);

        var february = await world.RunAsync(Month(3));
        var line = Assert.Single(world.Runs.Lines(february.Id));
        Assert.Equal((7_000, 7_000), (line.CarriedIn, line.Amount));
        await world.ApproveAsync(february);
        Assert.Equal(CommissionStatus.Paid, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task Approving_with_a_line_held_back_pays_the_others_and_carries_the_held_one()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        world.Earn(Sample.OtherPartnerId, 3_000);
        var run = await world.RunAsync(Month(2));

        var paid = await world.ApproveAsync(run, new Dictionary<string, string> { [Sample.OtherPartnerId] = "Tax form missing" });

        Assert.Equal(PayoutRunState.Paid, paid.State);
        Assert.Contains(paid.Timeline, t => t.To == PayoutRunState.PartiallyApproved && t.Reason.Contains("Tax form missing", StringComparison.Ordinal));
        var held = world.Runs.Lines(run.Id).Single(line => line.PartnerId == Sample.OtherPartnerId);
        Assert.Equal((PayoutLineStatus.Held, "Tax form missing"), (held.Status, held.HoldReason));
        Assert.Equal(CommissionStatus.Approved, world.Ledger.All.Single(c => c.PartnerId == Sample.OtherPartnerId).Status);
        Assert.Equal(CommissionStatus.Paid, world.Ledger.All.Single(c => c.PartnerId == Sample.PartnerId).Status);
        Assert.Equal(3_000, world.Runs.Balances[(Sample.ProgramId, Sample.OtherPartnerId)]);
    }

    [Fact]
    public async Task Holding_a_line_without_a_reason_or_of_an_unknown_partner_is_refused()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(Month(2));

        var result = await world.Decide.ExecuteAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance", "ok", new Dictionary<string, string> { [Sample.PartnerId] = " ", ["prt_nobody"] = "why" }), default);

        var invalid = Assert.IsType<PayoutDecisionResult.Invalid>(result);
        Assert.Contains("needs a reason", invalid.Errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("no line for partner 'prt_nobody'", invalid.Errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);
    }

    [Fact]
    public async Task Starting_the_same_period_twice_at_once_gives_one_run()
    {
        var world = new PayoutWorld();
        world.At(Month(2));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.Start.ExecuteAsync(Sample.ProgramId, Month(2), "admin", default)));

        var started = outcomes.Cast<StartPayoutRunOutcome.Started>().ToArray();
        Assert.Single(started, s => s.Created);
        Assert.Single(started.Select(s => s.Run.Id).Distinct());
        Assert.Single(await world.Runs.ListAsync(Sample.ProgramId, default));
    }

    [Fact]
    public async Task A_crash_between_paying_and_storing_the_run_resumes_without_paying_twice()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        world.Earn(Sample.PartnerId, 1_000);
        world.Earn(Sample.OtherPartnerId, 3_000);
        var run = await world.RunAsync(Month(2));
        var movesBeforePaying = world.Ledger.Moves;

        world.Runs.CrashBeforeStoring = r => r.State == PayoutRunState.Paid;
        await Assert.ThrowsAsync<IOException>(() => world.Decide.ExecuteAsync(run.Id, new PayoutDecision(PayoutDecisionKind.Approve, "finance", "ok"), default));
        Assert.Equal(PayoutRunState.Approved, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);

        var resumed = (await world.Steps.AdvanceAsync(run.Id, default))!;

        Assert.Equal(PayoutRunState.Paid, resumed.State);
        Assert.Equal(3, world.Ledger.Moves - movesBeforePaying);
        Assert.Equal(11_000, world.Ledger.All.Where(c => c.Status == CommissionStatus.Paid).Sum(c => c.Amount));
        Assert.Contains("11000 in all", resumed.Timeline[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_after_collecting_resumes_and_counts_each_commission_once()
    {
        var world = new PayoutWorld();
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        world.At(Month(2));
        var started = Assert.IsType<StartPayoutRunOutcome.Started>(await world.Start.ExecuteAsync(Sample.ProgramId, Month(2), "admin", default));

        world.Runs.CrashBeforeStoring = r => r.State == PayoutRunState.Calculating;
        await Assert.ThrowsAsync<IOException>(() => world.Steps.AdvanceAsync(started.Run.Id, default));
        var run = (await world.Steps.AdvanceAsync(started.Run.Id, default))!;

        Assert.Equal(PayoutRunState.AwaitingDecision, run.State);
        Assert.Equal(7_000, Assert.Single(world.Runs.Lines(run.Id)).Amount);
        Assert.Equal(1, world.Ledger.Moves);
    }

    [Fact]
    public async Task A_second_run_of_the_program_waits_until_the_first_is_decided()
    {
        var world = new PayoutWorld(PayoutSettings.Default with { HoldDays = 0, ApprovalDays = 40 });
        world.At(Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var january = await world.RunAsync(Month(2));

        var february = await world.RunAsync(Month(3));
        Assert.Equal(PayoutRunState.Collecting, february.State);

        await world.ApproveAsync(january);
        february = (await world.Steps.AdvanceAsync(february.Id, default))!;
        Assert.Equal(PayoutRunState.AwaitingDecision, february.State);
        Assert.Equal(0, february.Totals!.Lines);
    }

    [Fact]
    public void Only_the_allowed_moves_are_possible()
    {
        Assert.True(PayoutRunMachine.CanMove(PayoutRunState.AwaitingDecision, PayoutRunState.Expired));
        Assert.False(PayoutRunMachine.CanMove(PayoutRunState.Expired, PayoutRunState.Paid));
        Assert.False(PayoutRunMachine.CanMove(PayoutRunState.Collecting, PayoutRunState.Approved));
        Assert.False(PayoutRunMachine.CanMove(PayoutRunState.Paid, PayoutRunState.Rejected));
        var run = PayoutRunMachine.Start(Sample.ProgramId, "EUR", PayoutSettings.Default, Month(2), Month(2), "admin", "test");
        Assert.Throws<InvalidOperationException>(() => PayoutRunMachine.Expire(run, Month(2)));
    }

    [Fact]
    public void A_run_cannot_be_started_for_a_period_ending_in_the_future()
    {
        Assert.False(PayoutRunMachine.ValidateStart(Month(3), Month(2)).IsEmpty);
        Assert.False(PayoutRunMachine.ValidateStart(null, Month(2)).IsEmpty);
        Assert.True(PayoutRunMachine.ValidateStart(Month(2), Month(2)).IsEmpty);
    }
}
