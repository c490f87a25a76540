using Referrals.Core.Links;
using Referrals.Core.Validation;

namespace Referrals.Core.Tests.Links;

public class UtmParametersTests
{
    [Fact]
    public void Parameters_are_appended_after_the_destination_s_query_and_before_its_fragment()
    {
        var utm = new UtmParameters(Source: "partner", Medium: "affiliate", Campaign: "spring sale");

        var landing = utm.AppendTo(new Uri("https://shop.example.com/pricing?plan=pro#faq"));

        Assert.Equal("https://shop.example.com/pricing?plan=pro&utm_source=partner&utm_medium=affiliate&utm_campaign=spring%20sale#faq", landing.AbsoluteUri);
    }

    [Fact]
    public void A_parameter_the_destination_already_names_is_left_as_it_is()
    {
        var utm = new UtmParameters(Source: "partner", Content: "banner");

        var landing = utm.AppendTo(new Uri("https://shop.example.com/?utm_source=newsletter"));

        Assert.Equal("https://shop.example.com/?utm_source=newsletter&utm_content=banner", landing.AbsoluteUri);
    }

    [Fact]
    public void A_link_without_parameters_lands_on_its_destination()
    {
        var link = new Link("AbCd1234", Sample.ProgramId, Sample.PartnerId, new Uri("https://shop.example.com/a?b=c"), null, DateTimeOffset.UnixEpoch, new UtmParameters());

        Assert.Equal("https://shop.example.com/a?b=c", link.LandingUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(500)]
    public void A_value_longer_than_200_characters_is_an_error(int length)
    {
        var errors = new ValidationErrors();

        new UtmParameters(Term: new string('t', length)).Validate(errors);

        Assert.Contains("utm.term", errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_value_with_a_line_break_is_an_error()
    {
        var errors = new ValidationErrors();

        new UtmParameters(Medium: "a\r\nb").Validate(errors);

        Assert.False(errors.IsEmpty);
    }
}
