using System.Text;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class DecideByLinkTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("decision-link-secret-0123456789");

    private static readonly PayoutDecision Approve = new(PayoutDecisionKind.Approve, "finance (decision link)", "Checked against the bank balance.");

    [Fact]
    public async Task A_valid_link_decides_the_run_once_and_a_second_use_changes_nothing()
    {
        var (world, run, byLink) = await AwaitingAsync();
        var token = Link(run, PayoutDecisionKind.Approve);

        var first = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.DecideAsync(token, Approve, default));
        var second = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.DecideAsync(token, Approve with { Reason = "Again." }, default));

        Assert.Equal(PayoutRunState.Paid, Assert.IsType<PayoutDecisionResult.Decided>(first.Result).Run.State);
        Assert.Equal(new PayoutDecisionResult.NotAwaiting(PayoutRunState.Paid), second.Result);
        Assert.Equal(CommissionStatus.Paid, Assert.Single(world.Ledger.All).Status);
        Assert.Single(world.Runs.Audit, transition => transition.Event == "approved");
    }

    [Fact]
    public async Task A_link_spent_by_a_concurrent_use_is_refused_and_decides_nothing()
    {
        var (world, run, byLink) = await AwaitingAsync();
        var token = Link(run, PayoutDecisionKind.Approve);
        await world.Runs.TryUseDecisionLinkAsync(run.Id, DecisionLink.Fingerprint(token), world.Time.GetUtcNow(), default);

        var outcome = await byLink.DecideAsync(token, Approve, default);

        Assert.Equal(new LinkDecisionOutcome.AlreadyUsed(run.Id), outcome);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);
    }

    [Fact]
    public async Task Recording_through_a_link_decides_but_leaves_paying_to_whoever_drives_the_run()
    {
        var (world, run, byLink) = await AwaitingAsync();

        var outcome = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.RecordAsync(Link(run, PayoutDecisionKind.Approve), Approve, default));

        Assert.Equal(PayoutRunState.Approved, Assert.IsType<PayoutDecisionResult.Decided>(outcome.Result).Run.State);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task A_decision_of_the_other_kind_is_refused_and_the_link_stays_usable()
    {
        var (world, run, byLink) = await AwaitingAsync();
        var token = Link(run, PayoutDecisionKind.Reject);

        var wrong = await byLink.DecideAsync(token, Approve, default);
        var right = await byLink.DecideAsync(token, Approve with { Kind = PayoutDecisionKind.Reject }, default);

        Assert.Equal(new LinkDecisionOutcome.WrongDecision(run.Id, PayoutDecisionKind.Reject), wrong);
        Assert.Equal(PayoutRunState.Rejected, Assert.IsType<PayoutDecisionResult.Decided>(Assert.IsType<LinkDecisionOutcome.Answered>(right).Result).Run.State);
        Assert.Equal(CommissionStatus.Approved, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task An_expired_or_altered_link_decides_nothing()
    {
        var (world, run, byLink) = await AwaitingAsync();
        var expired = DecisionLink.Create(Key, run.Id, PayoutDecisionKind.Approve, world.Time.GetUtcNow());
        var forged = DecisionLink.Create(Encoding.UTF8.GetBytes("another-secret-0123456789abcdef"), run.Id, PayoutDecisionKind.Approve, run.Deadline!.Value);
        var altered = Link(run, PayoutDecisionKind.Reject).Split('.')[0] + "." + Link(run, PayoutDecisionKind.Approve).Split('.')[1];

        Assert.IsType<LinkDecisionOutcome.Expired>(await byLink.DecideAsync(expired, Approve, default));
        Assert.IsType<LinkDecisionOutcome.InvalidLink>(await byLink.DecideAsync(forged, Approve, default));
        Assert.IsType<LinkDecisionOutcome.InvalidLink>(await byLink.DecideAsync(altered, Approve with { Kind = PayoutDecisionKind.Reject }, default));
        Assert.Equal(PayoutRunState.AwaitingDecision, (await world.Runs.GetAsync(run.Id, default))!.Value.Run.State);
    }

    [Fact]
    public async Task A_decision_the_run_refuses_leaves_the_link_usable()
    {
        var (world, run, byLink) = await AwaitingAsync();
        var token = Link(run, PayoutDecisionKind.Approve);
        var unexplainedHold = Approve with { Held = new Dictionary<string, string>(StringComparer.Ordinal) { [Sample.PartnerId] = "" } };

        var refused = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.DecideAsync(token, unexplainedHold, default));
        var decided = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.DecideAsync(token, Approve, default));

        Assert.IsType<PayoutDecisionResult.Invalid>(refused.Result);
        Assert.IsType<PayoutDecisionResult.Decided>(decided.Result);
        Assert.Equal(CommissionStatus.Paid, Assert.Single(world.Ledger.All).Status);
    }

    [Fact]
    public async Task A_link_of_a_run_decided_otherwise_answers_that_the_run_is_not_awaiting_a_decision()
    {
        var (world, run, byLink) = await AwaitingAsync();
        await world.RejectAsync(run);

        var outcome = Assert.IsType<LinkDecisionOutcome.Answered>(await byLink.DecideAsync(Link(run, PayoutDecisionKind.Approve), Approve, default));

        Assert.Equal(new PayoutDecisionResult.NotAwaiting(PayoutRunState.Rejected), outcome.Result);
    }

    private static async Task<(PayoutWorld World, PayoutRun Run, DecideByLink ByLink)> AwaitingAsync()
    {
        var world = new PayoutWorld();
        world.At(PayoutWorld.Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(PayoutWorld.Month(2));
        Assert.Equal(PayoutRunState.AwaitingDecision, run.State);
        return (world, run, new DecideByLink(Key, world.Runs, world.Decide, world.Time));
    }

    private static string Link(PayoutRun run, PayoutDecisionKind kind) => DecisionLink.Create(Key, run.Id, kind, run.Deadline!.Value);
}
