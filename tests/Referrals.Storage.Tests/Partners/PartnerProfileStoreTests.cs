using Referrals.Core.Partners;
using Referrals.Storage.Partners;

namespace Referrals.Storage.Tests.Partners;

public sealed class PartnerProfileStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_saved_profile_reads_back_and_renames_the_partner()
    {
        var account = await azurite.CreateAccountAsync();
        var partners = new TablePartnerStore(account);
        var partner = TestData.Partner("prg_a");
        await partners.CreateAsync(partner, default);
        var profiles = new TablePartnerProfileStore(account, partners);
        var profile = new PartnerProfile(partner.Id, "Ada King", "https://ada.example.com", "YouTube @ada", "GB", TestData.Now);

        await profiles.SaveAsync(profile, default);

        Assert.Equal(profile, await profiles.GetAsync(partner.Id, default));
        Assert.Equal("Ada King", (await partners.GetAsync(partner.Id, default))!.Name);
        Assert.Equal("Ada King", Assert.Single(await partners.ListAsync("prg_a", 10, default)).Name);
        Assert.Null(await profiles.GetAsync("prt_nobody", default));
    }
}
