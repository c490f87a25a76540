using Referrals.Core.Commissions;
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
}
