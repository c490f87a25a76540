using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Storage.Commissions;

namespace Referrals.Storage.Tests.Commissions;

public sealed class CommissionStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_commission_is_created_once_even_when_retried_in_a_later_month()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var commission = TestData.Commission("prg_a", "prt_a");

        Assert.True(await store.TryCreateAsync(commission, default));
        Assert.False(await store.TryCreateAsync(commission with { CreatedAt = commission.CreatedAt.AddMonths(1) }, default));

        Assert.Equal([commission], await store.ListAsync("prg_a", "prt_a", null, default));
    }

    [Fact]
    public async Task Listing_filters_by_partner_and_status_newest_first()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var older = TestData.Commission("prg_a", "prt_a", CommissionStatus.Pending, TestData.Now.AddDays(-2));
        var newer = TestData.Commission("prg_a", "prt_a", CommissionStatus.Pending, TestData.Now);
        var approved = TestData.Commission("prg_a", "prt_a", CommissionStatus.Approved, TestData.Now.AddDays(-1));
        var otherPartner = TestData.Commission("prg_a", "prt_b", CommissionStatus.Pending, TestData.Now.AddDays(-3));
        var otherProgram = TestData.Commission("prg_b", "prt_a", CommissionStatus.Pending, TestData.Now);
        foreach (var commission in new[] { older, newer, approved, otherPartner, otherProgram })
        {
            await store.TryCreateAsync(commission, default);
        }

        Assert.Equal([newer, approved, older], await store.ListAsync("prg_a", "prt_a", null, default));
        Assert.Equal([newer, older], await store.ListAsync("prg_a", "prt_a", CommissionStatus.Pending, default));
        Assert.Equal([newer, approved, older, otherPartner], await store.ListAsync("prg_a", null, null, default));
        Assert.Equal([approved], await store.ListAsync("prg_a", null, CommissionStatus.Approved, default));
        Assert.Empty(await store.ListAsync("prg_a", "prt_b", CommissionStatus.Paid, default));
    }

    [Fact]
    public async Task A_flat_commission_keeps_its_missing_rate()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var commission = TestData.Commission("prg_a", "prt_a") with { Rule = CommissionPlanKind.Flat, Rate = null };
        await store.TryCreateAsync(commission, default);

        Assert.Null((await store.ListAsync("prg_a", "prt_a", null, default)).Single().Rate);
    }

    [Fact]
    public async Task A_commission_keeps_its_plan_version_and_lead_rule()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var commission = TestData.Commission("prg_a", "prt_a") with { Rule = CommissionPlanKind.Lead, Rate = null, PlanVersion = 3 };
        await store.TryCreateAsync(commission, default);

        Assert.Equal(commission, await store.GetAsync("prt_a", commission.Id, default));
    }

    [Fact]
    public async Task Concurrent_partial_refunds_each_apply_once_and_net_the_commission_to_zero()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var payment = TestData.Conversion("prg_a", "pay-1");
        var commission = TestData.Commission("prg_a", "prt_a") with { ConversionId = payment.Id, Id = Commission.IdFor(payment.Id), Amount = new Money(1_001, "EUR"), Base = payment.Amount };
        await store.TryCreateAsync(commission, default);
        var refunds = Enumerable.Range(0, 7)
            .Select(i => TestData.Conversion("prg_a", $"refund-{i}") with { Type = ConversionType.Refund, Amount = new Money(i < 6 ? 700 : 4_999 - 4_200, "EUR") })
            .ToArray();

        // Every refund twice and all at once: each entry is written once, and the running totals never lose an update.
        await Task.WhenAll(refunds.Concat(refunds).Select(refund => store.AdjustAsync(
            "prt_a",
            commission.Id,
            Commission.IdFor(refund.Id),
            current => CommissionReversal.Decide(current, payment, refund, TestData.Now),
            default)));

        var ledger = await store.ListAsync("prg_a", "prt_a", null, default);
        Assert.Equal(8, ledger.Count);
        Assert.Equal(0, ledger.Sum(c => c.Amount.Amount));
        Assert.Equal(1_001, (await store.GetAsync("prt_a", commission.Id, default))!.Reversed);
        Assert.All(ledger.Where(c => c.Id != commission.Id), entry => Assert.Equal(commission.Id, entry.Adjusts));
    }

    [Fact]
    public async Task A_refund_of_an_approved_commission_keeps_what_the_payout_run_recorded_on_it()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var payment = TestData.Conversion("prg_a", "pay-2");
        var commission = TestData.Commission("prg_a", "prt_a") with { ConversionId = payment.Id, Id = Commission.IdFor(payment.Id), Amount = new Money(1_000, "EUR"), Base = payment.Amount };
        await store.TryCreateAsync(commission, default);
        await store.MoveAsync("prt_a", CommissionStatus.Pending, CommissionStatus.Approved, _ => true, "run-1", TestData.Now, default);
        var refund = TestData.Conversion("prg_a", "refund-x") with { Type = ConversionType.Refund, Amount = new Money(100, "EUR") };

        await store.AdjustAsync("prt_a", commission.Id, Commission.IdFor(refund.Id), current => CommissionReversal.Decide(current, payment, refund, TestData.Now), default);

        var approved = await store.StreamAsync("prg_a", CommissionStatus.Approved, TestData.Now.AddDays(1), default).ToListAsync();
        var original = Assert.Single(approved, entry => entry.Id == commission.Id);
        Assert.Equal(TestData.Now, original.ApprovedAt);
    }
}
