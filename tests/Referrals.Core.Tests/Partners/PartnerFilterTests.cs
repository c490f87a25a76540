using Referrals.Core.Partners;

namespace Referrals.Core.Tests.Partners;

public sealed class PartnerFilterTests
{
    [Fact]
    public void No_filter_shows_every_partner()
    {
        Assert.True(new PartnerFilter().Matches(Sample.Partner()));
    }

    [Theory]
    [InlineData("LOVELACE")]
    [InlineData("ada@EXAMPLE")]
    [InlineData("  ada  ")]
    public void The_search_finds_part_of_the_name_or_email_in_any_case(string search)
    {
        Assert.True(new PartnerFilter(Search: search).Matches(Sample.Partner()));
    }

    [Fact]
    public void Every_filter_given_must_hold()
    {
        var suspended = Sample.Partner(status: PartnerStatus.Suspended);

        Assert.False(new PartnerFilter(PartnerStatus.Active).Matches(suspended));
        Assert.False(new PartnerFilter(PartnerStatus.Suspended, PartnerType.Reseller).Matches(suspended));
        Assert.False(new PartnerFilter(PartnerStatus.Suspended, Search: "grace").Matches(suspended));
        Assert.True(new PartnerFilter(PartnerStatus.Suspended, PartnerType.Affiliate, "ada").Matches(suspended));
    }
}
