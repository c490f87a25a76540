using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class UserAgentClassifierTests
{
    public const string DesktopChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    public const string DesktopFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    public const string DesktopSafari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    public const string IPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    public const string AndroidPhone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    public const string IPad = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    public const string AndroidTablet = "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    [Theory]
    [InlineData(DesktopChrome, UserAgentClass.Desktop)]
    [InlineData(DesktopFirefox, UserAgentClass.Desktop)]
    [InlineData(DesktopSafari, UserAgentClass.Desktop)]
    [InlineData(IPhoneSafari, UserAgentClass.Mobile)]
    [InlineData(AndroidPhone, UserAgentClass.Mobile)]
    [InlineData(IPad, UserAgentClass.Tablet)]
    [InlineData(AndroidTablet, UserAgentClass.Tablet)]
    public void Browsers_are_people_of_their_device_class(string userAgent, UserAgentClass expected)
    {
        var (@class, isBot) = UserAgentClassifier.Classify(userAgent, isPrefetch: false);

        Assert.Equal(expected, @class);
        Assert.False(isBot);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("WhatsApp/2.23.20.0")]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("curl/8.5.0")]
    [InlineData("CURL/8.5.0")]
    [InlineData("python-requests/2.31.0")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36")]
    public void Crawlers_unfurlers_and_tools_are_bots(string userAgent)
    {
        var (@class, isBot) = UserAgentClassifier.Classify(userAgent, isPrefetch: false);

        Assert.Equal(UserAgentClass.Bot, @class);
        Assert.True(isBot);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_click_without_user_agent_is_a_bot_of_unknown_class(string? userAgent)
    {
        var (@class, isBot) = UserAgentClassifier.Classify(userAgent, isPrefetch: false);

        Assert.Equal(UserAgentClass.Unknown, @class);
        Assert.True(isBot);
    }

    [Fact]
    public void A_browser_prefetch_is_a_bot_click_of_its_device_class()
    {
        var (@class, isBot) = UserAgentClassifier.Classify(IPhoneSafari, isPrefetch: true);

        Assert.Equal(UserAgentClass.Mobile, @class);
        Assert.True(isBot);
    }

    [Fact]
    public void An_unrecognised_client_is_a_person_of_unknown_class()
    {
        var (@class, isBot) = UserAgentClassifier.Classify("SomeShopApp/3.1 (build 77)", isPrefetch: false);

        Assert.Equal(UserAgentClass.Unknown, @class);
        Assert.False(isBot);
    }
}
