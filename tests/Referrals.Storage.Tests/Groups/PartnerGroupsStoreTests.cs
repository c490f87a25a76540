using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Storage.Groups;

namespace Referrals.Storage.Tests.Groups;

public sealed class PartnerGroupsStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Groups_plan_versions_and_moves_read_back_and_a_group_id_is_taken_once()
    {
        var groups = new TablePartnerGroups(await azurite.CreateAccountAsync());
        var vip = new PartnerGroup("prg_a", "grp_vip", "VIP", TestData.Now);

        Assert.True(await groups.TryCreateAsync(vip, default));
        Assert.False(await groups.TryCreateAsync(vip with { Name = "Other" }, default));
        var plan = new CommissionPlan(CommissionPlanKind.Percent, Percent: 12.5m, Overrides: [new CommissionOverride(ProductId: "pro", Percent: 30)]);
        var first = await groups.AddPlanVersionAsync("prg_a", "grp_vip", plan, TestData.Now, "key_admin", 1, default);
        var second = await groups.AddPlanVersionAsync("prg_a", "grp_vip", CommissionPlan.OfFlat(500), TestData.Now.AddHours(1), "key_admin", 1, default);
        var program = await groups.AddPlanVersionAsync("prg_a", PartnerGroup.DefaultId, CommissionPlan.OfPercent(25), TestData.Now, "key_admin", 2, default);
        await groups.AddMoveAsync(new GroupMove("prg_a", "prt_a", PartnerGroup.DefaultId, "grp_vip", TestData.Now, "key_admin", "top seller"), default);
        await groups.AddMoveAsync(new GroupMove("prg_a", "prt_a", "grp_vip", PartnerGroup.DefaultId, TestData.Now.AddDays(1), "key_admin", null), default);

        Assert.Equal([vip], await groups.ListAsync("prg_a", default));
        Assert.Empty(await groups.ListAsync("prg_b", default));
        Assert.Equal((1, 2, 2), (first.Version, second.Version, program.Version));
        var versions = await groups.ListPlanVersionsAsync("prg_a", default);
        Assert.Equal(3, versions.Count);
        var stored = versions.Single(version => version.GroupId == "grp_vip" && version.Version == 1);
        Assert.Equal((TestData.Now, 12.5m, 1), (stored.EffectiveFrom, stored.Plan.Percent!.Value, stored.Plan.Version));
        Assert.Equal(30m, Assert.Single(stored.Plan.Overrides!).Percent);
        var moves = await groups.ListMovesAsync("prt_a", default);
        Assert.Equal(["grp_vip", PartnerGroup.DefaultId], moves.Select(move => move.ToGroupId));
        Assert.Equal("top seller", moves[0].Reason);
    }

    [Fact]
    public async Task Plan_changes_made_at_once_get_consecutive_versions()
    {
        var groups = new TablePartnerGroups(await azurite.CreateAccountAsync());

        var added = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => groups.AddPlanVersionAsync("prg_a", PartnerGroup.DefaultId, CommissionPlan.OfPercent(i), TestData.Now, "key_admin", 2, default)));

        Assert.Equal([2, 3, 4, 5, 6, 7], added.Select(version => version.Version).Order());
        Assert.Equal(6, (await groups.ListPlanVersionsAsync("prg_a", default)).Count);
    }
}
