using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class ScriptClickDraftTests
{
    [Theory]
    [InlineData("https://shop.example.com", true)]
    [InlineData("https://eu.shop.example.com", true)]
    [InlineData("http://shop.example.com:8080", true)]
    [InlineData("https://shop.example.com.evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("", false)]
    [InlineData("https://shop.example.com/path", false)]
    [InlineData("ftp://shop.example.com", false)]
    public void Only_origins_on_the_program_s_allowed_hosts_may_record_clicks(string origin, bool allowed)
    {
        Assert.Equal(allowed, ShopOrigin.IsAllowed(Sample.Program(), origin));
    }

    [Fact]
    public void A_click_on_a_shop_page_has_no_errors_and_names_its_referrer_host()
    {
        var draft = new ScriptClickDraft("AbCd1234", "https://shop.example.com/?via=AbCd1234", "https://news.example.org/story");

        Assert.True(draft.Validate(Sample.Program()).IsEmpty);
        Assert.Equal("news.example.org", draft.ReferrerHost);
    }

    [Theory]
    [InlineData(null, "https://shop.example.com/", "code")]
    [InlineData("AbCd1234", null, "landingUrl")]
    [InlineData("AbCd1234", "https://evil.example/", "landingUrl")]
    [InlineData("AbCd1234", "/relative", "landingUrl")]
    public void A_click_without_a_code_or_off_the_shop_is_refused(string? code, string? landingUrl, string field)
    {
        var errors = new ScriptClickDraft(code, landingUrl, null).Validate(Sample.Program());

        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_landing_URL_of_10_KB_is_refused()
    {
        var draft = new ScriptClickDraft("AbCd1234", "https://shop.example.com/?q=" + new string('a', 10 * 1024), null);

        Assert.Contains("landingUrl", draft.Validate(Sample.Program()).ToDictionary().Keys);
    }
}
