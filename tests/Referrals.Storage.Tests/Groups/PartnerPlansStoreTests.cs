using Referrals.Core.Commissions;
using Referrals.Storage.Email;
using Referrals.Storage.Groups;

namespace Referrals.Storage.Tests.Groups;

public sealed class PartnerPlansStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_partners_own_plans_and_their_removal_read_back_as_consecutive_versions()
    {
        var plans = new TablePartnerPlans(await azurite.CreateAccountAsync());
        var plan = new CommissionPlan(CommissionPlanKind.Percent, Percent: 35m, RecurringMonths: 12);

        var set = await plans.AddAsync("prg_a", "prt_a", plan, TestData.Now, "admin", default);
        var removed = await plans.AddAsync("prg_a", "prt_a", null, TestData.Now.AddDays(1), "admin", default);
        await plans.AddAsync("prg_a", "prt_b", CommissionPlan.OfFlat(900), TestData.Now, "admin", default);

        var history = await plans.ListAsync("prt_a", default);
        Assert.Equal([1, 2], history.Select(version => version.Version));
        Assert.Equal((1, 2), (set.Version, removed.Version));
        Assert.Equal((35m, 12, 1, TestData.Now), (history[0].Plan!.Percent!.Value, history[0].Plan!.RecurringMonths!.Value, history[0].Plan!.Version, history[0].EffectiveFrom));
        Assert.True(history[1].IsRemoval);
        Assert.Equal(("prg_a", "admin"), (history[1].ProgramId, history[1].ChangedBy));
        Assert.Single(await plans.ListAsync("prt_b", default));
        Assert.Empty(await plans.ListAsync("prt_nobody", default));
    }

    [Fact]
    public async Task A_programs_own_plans_read_back_across_its_partners_and_no_other_programs()
    {
        var plans = new TablePartnerPlans(await azurite.CreateAccountAsync());
        await plans.AddAsync("prg_a", "prt_a", CommissionPlan.OfPercent(30m), TestData.Now, "admin", default);
        await plans.AddAsync("prg_a", "prt_a", null, TestData.Now.AddDays(1), "admin", default);
        await plans.AddAsync("prg_a", "prt_b", CommissionPlan.OfFlat(900), TestData.Now, "admin", default);
        await plans.AddAsync("prg_b", "prt_c", CommissionPlan.OfPercent(10m), TestData.Now, "admin", default);

        var program = await plans.ListForProgramAsync("prg_a", default);

        Assert.Equal(["prt_a 1", "prt_a 2", "prt_b 1"], program.Select(version => $"{version.PartnerId} {version.Version}"));
        Assert.Empty(await plans.ListForProgramAsync("prg_nothing", default));
        Assert.Empty(await plans.ListForProgramAsync("a/b#c", default));
    }

    [Fact]
    public async Task Partner_plan_changes_made_at_once_get_consecutive_versions()
    {
        var plans = new TablePartnerPlans(await azurite.CreateAccountAsync());

        var added = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => plans.AddAsync("prg_a", "prt_a", CommissionPlan.OfPercent(i), TestData.Now, "admin", default)));

        Assert.Equal([1, 2, 3, 4, 5], added.Select(version => version.Version).Order());
        Assert.Equal(5, (await plans.ListAsync("prt_a", default)).Count);
    }

    [Fact]
    public async Task A_sent_email_id_is_remembered_and_marking_it_again_is_harmless()
    {
        var sent = new TableSentEmails(await azurite.CreateAccountAsync());

        Assert.False(await sent.WasSentAsync("terms-prg_a-2-prt_a", default));
        await sent.MarkSentAsync("terms-prg_a-2-prt_a", TestData.Now, default);
        await sent.MarkSentAsync("terms-prg_a-2-prt_a", TestData.Now.AddMinutes(1), default);

        Assert.True(await sent.WasSentAsync("terms-prg_a-2-prt_a", default));
        Assert.False(await sent.WasSentAsync("terms-prg_a-2-prt_b", default));
        Assert.False(await sent.WasSentAsync("a/b#c?d with any characters", default));
    }
}
