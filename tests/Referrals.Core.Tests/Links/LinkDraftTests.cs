using Referrals.Core.Links;

namespace Referrals.Core.Tests.Links;

public class LinkDraftTests
{
    private static readonly LinkDraft Valid = new(Sample.PartnerId, "https://shop.example.com/spring", "newsletter");

    [Fact]
    public void A_link_to_an_allowed_host_has_no_errors()
    {
        Assert.True(Valid.Validate(Sample.Program()).IsEmpty);
    }

    [Fact]
    public void A_link_to_a_subdomain_of_an_allowed_host_has_no_errors()
    {
        var draft = Valid with { Destination = "https://eu.shop.example.com/spring" };

        Assert.True(draft.Validate(Sample.Program()).IsEmpty);
    }

    [Theory]
    [InlineData("https://evil.com/")]
    [InlineData("https://shop.example.com@evil.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("shop.example.com/spring")]
    [InlineData("/spring")]
    [InlineData("")]
    [InlineData(null)]
    public void A_destination_off_the_allow_list_is_refused(string? destination)
    {
        var draft = Valid with { Destination = destination };

        var errors = draft.Validate(Sample.Program()).ToDictionary();

        Assert.Equal(["destination"], errors.Keys);
    }

    [Fact]
    public void The_refusal_names_the_hosts_links_may_lead_to()
    {
        var draft = Valid with { Destination = "https://evil.com/" };

        var message = Assert.Single(draft.Validate(Sample.Program()).ToDictionary()["destination"]);

        Assert.Contains("evil.com", message, StringComparison.Ordinal);
        Assert.Contains("shop.example.com", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_longer_than_2048_characters_is_refused()
    {
        var draft = Valid with { Destination = "https://shop.example.com/" + new string('a', 2030) };

        Assert.Equal(["destination"], draft.Validate(Sample.Program()).ToDictionary().Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_link_needs_a_partner(string? partnerId)
    {
        var draft = Valid with { PartnerId = partnerId };

        Assert.Equal(["partnerId"], draft.Validate(Sample.Program()).ToDictionary().Keys);
    }

    [Fact]
    public void A_campaign_longer_than_100_characters_is_refused()
    {
        var draft = Valid with { Campaign = new string('c', 101) };

        Assert.Equal(["campaign"], draft.Validate(Sample.Program()).ToDictionary().Keys);
    }
}
