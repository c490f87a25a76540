using Azure.Data.Tables;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Storage.Groups;
using Referrals.Storage.Partners;

namespace Referrals.Storage.Tests.Groups;

/// <summary>The index of who was moved into which group, and listing a group's partners from it.</summary>
public sealed class GroupMembersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_move_indexes_the_partner_under_its_new_group_and_clears_the_old_one()
    {
        var groups = new TablePartnerGroups(await azurite.CreateAccountAsync());

        await MoveAsync(groups, "prt_1", PartnerGroup.DefaultId, "grp_a", 0);
        await MoveAsync(groups, "prt_2", PartnerGroup.DefaultId, "grp_a", 1);
        await MoveAsync(groups, "prt_3", PartnerGroup.DefaultId, "grp_b", 2);
        await MoveAsync(groups, "prt_1", "grp_a", "grp_b", 3);
        await MoveAsync(groups, "prt_2", "grp_a", PartnerGroup.DefaultId, 4);

        Assert.Empty((await groups.ListMovedIntoAsync("prg_a", "grp_a", null, 10, default)).Items);
        Assert.Equal(["prt_1", "prt_3"], (await groups.ListMovedIntoAsync("prg_a", "grp_b", null, 10, default)).Items);
        Assert.Empty((await groups.ListMovedIntoAsync("prg_other", "grp_b", null, 10, default)).Items);
        var first = await groups.ListMovedIntoAsync("prg_a", "grp_b", null, 1, default);
        var second = await groups.ListMovedIntoAsync("prg_a", "grp_b", first.Next, 1, default);
        Assert.Equal(["prt_1"], first.Items);
        Assert.Equal("prt_1", first.Next);
        Assert.Equal(["prt_3"], second.Items);
    }

    [Fact]
    public async Task A_group_lists_its_partners_now_with_the_other_filters_and_a_crash_left_row_is_not_listed()
    {
        var account = await azurite.CreateAccountAsync();
        var partners = new TablePartnerStore(account);
        var groups = new TablePartnerGroups(account);
        var list = new ListPartners(partners, partners, groups);
        foreach (var (id, status) in new[] { ("prt_1", PartnerStatus.Active), ("prt_2", PartnerStatus.Suspended), ("prt_3", PartnerStatus.Active), ("prt_4", PartnerStatus.Active), ("prt_5", PartnerStatus.Active) })
        {
            await partners.CreateAsync(new Partner(id, "prg_a", "Partner " + id, $"{id}@example.com", PartnerType.Affiliate, status, TestData.Now), default);
        }

        await MoveAsync(groups, "prt_1", PartnerGroup.DefaultId, "grp_a", 0);
        await MoveAsync(groups, "prt_2", PartnerGroup.DefaultId, "grp_a", 1);
        await MoveAsync(groups, "prt_4", PartnerGroup.DefaultId, "grp_a", 2);
        await MoveAsync(groups, "prt_4", "grp_a", PartnerGroup.DefaultId, 3);
        await MoveAsync(groups, "prt_5", PartnerGroup.DefaultId, "grp_a", 4);
        // A move into grp_a that crashed after its index row and before the move itself.
        await account.GetTableClient("GroupMembers").UpsertEntityAsync(new TableEntity("prg_a|grp_a", "prt_3"));

        var all = await list.ExecuteAsync("prg_a", new PartnerFilter(), "grp_a", null, 10, default);
        var active = await list.ExecuteAsync("prg_a", new PartnerFilter(Status: PartnerStatus.Active), "grp_a", null, 10, default);
        var searched = await list.ExecuteAsync("prg_a", new PartnerFilter(Search: "PRT_5"), "grp_a", null, 10, default);
        var defaults = await list.ExecuteAsync("prg_a", new PartnerFilter(), PartnerGroup.DefaultId, null, 10, default);
        var first = await list.ExecuteAsync("prg_a", new PartnerFilter(), "grp_a", null, 2, default);
        var rest = await list.ExecuteAsync("prg_a", new PartnerFilter(), "grp_a", first.Next, 2, default);

        Assert.Equal(["prt_1", "prt_2", "prt_5"], Ids(all));
        Assert.Equal(["prt_1", "prt_5"], Ids(active));
        Assert.Equal(["prt_5"], Ids(searched));
        Assert.Equal(["prt_3", "prt_4"], Ids(defaults));
        Assert.Equal(["prt_1", "prt_2"], Ids(first));
        Assert.NotNull(first.Next);
        Assert.Equal(["prt_5"], Ids(rest)); // prt_3's row is read and dropped
        Assert.Empty(rest.Next is null ? [] : Ids(await list.ExecuteAsync("prg_a", new PartnerFilter(), "grp_a", rest.Next, 2, default)));
    }

    private static string[] Ids(Core.ListPage<Partner> page) => [.. page.Items.Select(partner => partner.Id)];

    private static Task MoveAsync(TablePartnerGroups groups, string partnerId, string from, string to, int minutes) =>
        groups.AddMoveAsync(new GroupMove("prg_a", partnerId, from, to, TestData.Now.AddMinutes(minutes), "key_admin", null), default);
}
