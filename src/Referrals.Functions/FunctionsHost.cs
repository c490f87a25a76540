using Azure.Identity;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Referrals.Core.Events;
using Referrals.Api.Hosting;
using Referrals.ServiceBus;

namespace Referrals.Functions;

/// <summary>
/// The Functions app's entry point: the server's composition (<see cref="ReferralServices.AddReferrals"/>)
/// with Service Bus as the event bus, and with the server's own queue workers and payout scheduler off,
/// because Service Bus triggers, the timer and the Durable orchestration do their jobs here.
/// </summary>
public static class FunctionsHost
{
    /// <summary>The app setting prefix of the identity-based Service Bus connection (<c>ServiceBusConnection__fullyQualifiedNamespace</c>).</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";

    public static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Referrals:RunWorkers"] = "false",
            ["Referrals:Payouts:RunScheduler"] = "false",
        });

        builder.Services.AddAzureClients(clients =>
        {
            clients.AddServiceBusClientWithNamespace(builder.Configuration[$"{ServiceBusConnection}:fullyQualifiedNamespace"]);
            clients.UseCredential(new DefaultAzureCredential());
        });

        // Registered before the storage adapters so their Storage-Queues publisher stays out.
        builder.Services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        builder.Services.AddSingleton<EventDelivery>();
        builder.AddReferrals();

        await builder.Build().RunAsync();
    }
}
