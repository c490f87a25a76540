using Microsoft.Extensions.Options;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Referrals:AdminApiKey", "")]
    [InlineData("Referrals:AdminApiKey", "short")]
    [InlineData("Referrals:IpHashSalt", "")]
    [InlineData("Referrals:SecretsKey", "")]
    [InlineData("Referrals:SecretsKey", "bm90LTMyLWJ5dGVz")]
    [InlineData("Referrals:Clicks:RedirectWait", "00:00:00")]
    [InlineData("Referrals:RequestTimeout", "00:05:00")]
    public async Task Server_refuses_to_start_with_a_message_naming_the_missing_setting(string setting, string value)
    {
        await using var app = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?> { [setting] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
