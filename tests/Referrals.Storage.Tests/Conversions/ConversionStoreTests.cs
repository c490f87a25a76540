using Referrals.Core.Attribution;
using Referrals.Storage.Conversions;

namespace Referrals.Storage.Tests.Conversions;

public sealed class ConversionStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_conversion_reads_back_as_it_was_created()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableConversionStore(account);
        var conversion = TestData.Conversion("prg_a");

        Assert.True(await store.TryCreateAsync(conversion, default));

        Assert.Equal(conversion, await store.GetAsync("prg_a", conversion.Id, default));
    }

    [Fact]
    public async Task The_same_conversion_twice_is_a_duplicate_and_the_first_stays()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableConversionStore(account);
        var conversion = TestData.Conversion("prg_a");
        await store.TryCreateAsync(conversion, default);

        var created = await store.TryCreateAsync(conversion with { Amount = conversion.Amount with { Amount = 1 }, CustomerId = "other" }, default);

        Assert.False(created);
        Assert.Equal(conversion, await store.GetAsync("prg_a", conversion.Id, default));
    }

    [Fact]
    public async Task A_saved_attribution_reads_back_with_its_commission()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableConversionStore(account);
        var conversion = TestData.Conversion("prg_a");
        await store.TryCreateAsync(conversion, default);
        var decided = conversion with
        {
            Attribution = new AttributionDecision(AttributionMethod.ReferralCode, "prt_a", null, "Referral code 'SPRING10' was used.", TestData.Now.AddSeconds(2)),
            CommissionId = "cm_x",
        };

        await store.SaveAttributionAsync(decided, default);

        Assert.Equal(decided, await store.GetAsync("prg_a", conversion.Id, default));
    }

    [Fact]
    public async Task A_conversion_of_another_program_is_not_found()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableConversionStore(account);
        var conversion = TestData.Conversion("prg_a");
        await store.TryCreateAsync(conversion, default);

        Assert.Null(await store.GetAsync("prg_b", conversion.Id, default));
    }
}
