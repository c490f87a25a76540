using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Leads;
using Referrals.Storage.Attribution;
using Referrals.Storage.Commissions;
using Referrals.Storage.Leads;

namespace Referrals.Storage.Tests.Attribution;

public sealed class CustomerLockAndLeadStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_first_lock_of_a_customer_wins_and_reads_back()
    {
        var locks = new TableCustomerLockStore(await azurite.CreateAccountAsync());
        var first = new CustomerLock("prg_a", "cus/1#odd?", "prt_a", TestData.Now, "cv_1");

        await locks.LockAsync(first, default);
        var second = await locks.LockAsync(first with { PartnerId = "prt_b", ConversionId = "cv_2" }, default);

        Assert.Equal(first, second);
        Assert.Equal(first, await locks.GetAsync("prg_a", "cus/1#odd?", default));
        Assert.Null(await locks.GetAsync("prg_b", "cus/1#odd?", default));
    }

    [Fact]
    public async Task A_lead_is_found_by_customer_id_and_by_email_hash_and_the_first_registration_keeps_them()
    {
        var leads = new TableLeadStore(await azurite.CreateAccountAsync());
        var lead = new Lead("prg_a", "prt_a", "cus_1", "hash-1", TestData.Now);

        Assert.Null(await leads.TryRegisterAsync(lead, default));
        var holder = await leads.TryRegisterAsync(new Lead("prg_a", "prt_b", null, "hash-1", TestData.Now), default);

        Assert.Equal(lead, holder);
        Assert.Equal(lead, await leads.FindByCustomerAsync("prg_a", "cus_1", default));
        Assert.Equal(lead, await leads.FindByEmailHashAsync("prg_a", "hash-1", default));
        Assert.Null(await leads.FindByCustomerAsync("prg_a", "cus_2", default));
    }

    [Fact]
    public async Task A_review_moves_a_flagged_commission_once_and_leaves_others_alone()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableCommissionStore(account);
        var commission = TestData.Commission("prg_a", "prt_a", CommissionStatus.Flagged);
        await store.TryCreateAsync(commission, default);
        var review = new CommissionReview(ReviewDecision.Reject, "own link", "admin:ops (key_1)", TestData.Now);

        var first = await store.ReviewAsync("prt_a", commission.Id, review, default);
        var again = await store.ReviewAsync("prt_a", commission.Id, review with { Decision = ReviewDecision.Approve }, default);

        Assert.True(first!.Applied);
        Assert.Equal(CommissionStatus.Rejected, first.Commission.Status);
        Assert.False(again!.Applied);
        Assert.Equal(CommissionStatus.Rejected, (await store.FindAsync("prg_a", commission.Id, default))!.Status);
        Assert.Equal(review, await store.GetReviewAsync("prt_a", commission.Id, default));
    }
}
