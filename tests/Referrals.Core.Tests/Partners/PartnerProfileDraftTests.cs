using Referrals.Core.Partners;

namespace Referrals.Core.Tests.Partners;

public class PartnerProfileDraftTests
{
    [Fact]
    public void A_complete_profile_is_trimmed_and_the_country_upper_cased()
    {
        var draft = new PartnerProfileDraft(" Ada ", " https://ada.example.com ", "YouTube @ada", "de");

        Assert.True(draft.Validate().IsEmpty);
        Assert.Equal(new PartnerProfile("prt_ada", "Ada", "https://ada.example.com", "YouTube @ada", "DE", Sample.Now), draft.ToProfile("prt_ada", Sample.Now));
    }

    [Fact]
    public void A_bad_website_country_or_missing_name_is_refused_field_by_field()
    {
        var errors = new PartnerProfileDraft("", "javascript:alert(1)", new string('x', 1001), "XX").Validate().ToDictionary();

        Assert.Equal(["channels", "country", "name", "website"], errors.Keys.Order().ToArray());
    }
}
