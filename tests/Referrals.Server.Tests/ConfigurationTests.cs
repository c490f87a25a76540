using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task With_a_service_bus_namespace_the_server_publishes_and_reads_dead_letters_on_service_bus()
    {
        // The web front in Azure: its events must reach the Functions app's Service Bus triggers, not Storage queues nothing reads there.
        await using var app = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?>
        {
            ["ServiceBusConnection:fullyQualifiedNamespace"] = "referrals-test.servicebus.windows.net",
            ["Referrals:RunWorkers"] = "false",
        });

        Assert.IsType<Referrals.ServiceBus.ServiceBusEventPublisher>(app.Services.GetRequiredService<Referrals.Core.Events.IEventPublisher>());
        Assert.IsType<Referrals.ServiceBus.CombinedDeadLetters>(app.Services.GetRequiredService<Referrals.Storage.Events.IDeadLetters>());
    }
}
