using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;
using Referrals.Storage.Tests;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// A tiered program's month ending, on the real Durable Task engine with the real activities over Table
/// Storage on Azurite: the orchestration closes the tiers before it collects, the run pays the base
/// commissions with the tier lines, and what is recorded after the close moves into the next period.
/// </summary>
public sealed class PeriodCloseEngineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    /// <summary>How long a test waits for the orchestration before it fails; never a claim about speed.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset MarchEnd = PayoutRunWorld.PeriodEnd.AddMonths(1);

    private static readonly PayoutDecision Approval = new(PayoutDecisionKind.Approve, "finance:erin", "Matches the bank balance.");

    /// <summary>10% of every sale, 15% from 1,000.00 EUR of sales in a month.</summary>
    private static readonly CommissionPlan Tiered = CommissionPlan.OfPercent(10) with { Tiers = [new CommissionTier(10), new CommissionTier(15, FromRevenue: 100_000)] };

    private DurableEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await DurableEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_month_ending_closes_its_tiers_and_the_run_pays_them_with_the_commissions()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite, Tiered);
        await world.EarnAsync("prt_ada", 6_000);
        await world.EarnAsync("prt_ada", 6_000);
        await world.EarnAsync("prt_bob", 3_000);
        await _engine.StartWorkerAsync(world.Tasks());

        var runId = await world.CreateRunAsync();
        var state = await ApprovedAndPaidAsync(runId);

        Assert.Equal(PayoutRunState.Paid, state);
        Assert.Equal(
            [PayoutActivities.Load, PayoutActivities.CloseTiers, PayoutActivities.Collect, PayoutActivities.Calculate, PayoutActivities.RecordDecision, PayoutActivities.Pay],
            _engine.Trace.Activities(runId));
        var run = await world.RunAsync(runId);
        Assert.Equal(["created", "tiers closed", "collected", "calculated", "approved", "paid"], run.Timeline.Select(t => t.Event));
        Assert.Equal("Tiers closed: 1 adjustment line(s), +60.00 EUR.", run.Timeline[1].Reason);
        var lines = await world.LinesAsync(runId);
        Assert.Equal(18_000, lines.Single(line => line.PartnerId == "prt_ada").Amount);
        Assert.Equal(3_000, lines.Single(line => line.PartnerId == "prt_bob").Amount);
        var tierLine = Assert.Single(await world.CommissionsAsync(CommissionStatus.Paid), commission => commission.Id == TierClose.IdFor(world.Program.Id, "prt_ada", "2025-02"));
        Assert.Equal(6_000, tierLine.Amount);
        Assert.Equal(21_000, Assert.Single(world.Events.On<PayoutRunApproved>(Topics.PayoutRunApproved)).PaidAmount);
    }

    [Fact]
    public async Task Closing_the_month_again_after_the_run_answers_the_same_lines_and_changes_nothing()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite, Tiered);
        await world.EarnAsync("prt_ada", 12_000);
        await _engine.StartWorkerAsync(world.Tasks());
        var runId = await world.CreateRunAsync();
        Assert.Equal(PayoutRunState.Paid, await ApprovedAndPaidAsync(runId));
        var before = await world.Ledger.ListAsync(world.Program.Id, null, null, default);

        var again = Assert.IsType<CloseTiersOutcome.Closed>(await new CloseTiers(world.Programs, world.Ledger, world.Plans, TimeProvider.System).RunAsync(world.Program.Id, "2025-02", default));

        var line = Assert.Single(again.Lines);
        Assert.Equal(TierClose.IdFor(world.Program.Id, "prt_ada", "2025-02"), line.Id);
        Assert.Equal(CommissionStatus.Paid, line.Status);
        Assert.Equal(before, await world.Ledger.ListAsync(world.Program.Id, null, null, default));
    }

    [Fact]
    public async Task A_refund_recorded_after_the_close_lands_in_the_next_period_and_leaves_the_paid_one_as_it_was()
    {
        var world = await PayoutRunWorld.CreateAsync(azurite, Tiered);
        await world.EarnAsync("prt_ada", 6_000);
        var refunded = await EarnSaleAsync(world, "prt_ada", 60_000, PayoutRunWorld.PeriodEnd.AddDays(-5));
        await _engine.StartWorkerAsync(world.Tasks());
        var february = await world.CreateRunAsync();
        Assert.Equal(PayoutRunState.Paid, await ApprovedAndPaidAsync(february));
        var februaryLines = await world.LinesAsync(february);

        // In March: half of a February sale is refunded, and Ada sells 1,500.00 EUR.
        await RefundAsync(world, refunded, 30_000, PayoutRunWorld.PeriodEnd.AddDays(9));
        await EarnSaleAsync(world, "prt_ada", 150_000, PayoutRunWorld.PeriodEnd.AddDays(12));
        var march = await world.CreateRunAsync(MarchEnd);
        Assert.Equal(PayoutRunState.Paid, await ApprovedAndPaidAsync(march));

        var run = await world.RunAsync(march);
        Assert.Equal("Tiers closed: 2 adjustment line(s), +15.00 EUR.", run.Timeline.Single(t => t.Event == "tiers closed").Reason);
        var correction = (await world.Ledger.GetAsync("prt_ada", TierSettlement.CorrectionIdFor(world.Program.Id, "prt_ada", "2025-02", "2025-03"), default))!;
        Assert.Equal(-6_000, correction.Amount.Amount);
        Assert.Equal("tier-2025-02", correction.ConversionId);
        Assert.StartsWith("Tier correction for 2025-02, booked in 2025-03:", correction.Explanation, StringComparison.Ordinal);
        Assert.Equal(MarchEnd.AddSeconds(-1), correction.CreatedAt);
        Assert.Equal(7_500, (await world.Ledger.GetAsync("prt_ada", TierClose.IdFor(world.Program.Id, "prt_ada", "2025-03"), default))!.Amount.Amount);

        // March pays its sale with its tier line, less the refund and less February's tier line that no longer holds.
        Assert.Equal(15_000 + 7_500 - 3_000 - 6_000, Assert.Single(await world.LinesAsync(march)).Amount);
        Assert.Equal(februaryLines, await world.LinesAsync(february));
        Assert.Equal(18_000, Assert.Single(februaryLines).Amount);
    }

    /// <summary>Starts the run's orchestration, approves the run once it waits for finance, and returns the state it completed in.</summary>
    private async Task<PayoutRunState?> ApprovedAndPaidAsync(string runId)
    {
        await PayoutOrchestrations.EnsureRunningAsync(_engine.Client, runId, default);
        await Until(() => Task.FromResult(_engine.Trace.Timers(runId).Count > 0), "the orchestration waits for finance");
        await _engine.Client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, Approval);
        using var patience = new CancellationTokenSource(Patience);
        var completed = await _engine.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, patience.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<PayoutRunState?>();
    }

    /// <summary>A 10% commission on a sale of <paramref name="sale"/> cents, earned at <paramref name="at"/>.</summary>
    private static async Task<Commission> EarnSaleAsync(PayoutRunWorld world, string partnerId, long sale, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        var amount = new Money(sale, "EUR");
        var commission = new Commission(Commission.IdFor(conversionId), world.Program.Id, partnerId, conversionId, CommissionStatus.Pending, amount.Percent(10), amount, CommissionPlanKind.Percent, 10m, "10% of the order.", at);
        Assert.True(await world.Ledger.TryCreateAsync(commission, default));
        return commission;
    }

    /// <summary>Records a refund of <paramref name="refunded"/> cents of the sale behind <paramref name="commission"/> at <paramref name="at"/>, as attribution does.</summary>
    private static async Task RefundAsync(PayoutRunWorld world, Commission commission, long refunded, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        var entryId = Commission.IdFor(conversionId);
        var entry = await world.Ledger.AdjustAsync(commission.PartnerId, commission.Id, entryId, current =>
        {
            var reversed = CommissionReversal.Share(current.Amount.Amount, refunded, current.Base.Amount);
            return new CommissionAdjustment(
                current with { Refunded = refunded, Reversed = reversed },
                new Commission(entryId, current.ProgramId, current.PartnerId, conversionId, CommissionStatus.Pending, new Money(-reversed, "EUR"), new Money(-refunded, "EUR"), current.Rule, current.Rate, "Refund.", at, Adjusts: current.Id));
        }, default);
        Assert.NotNull(entry);
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
