using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Referrals.Api.Hosting;
using Referrals.Functions.Hosting;
using Referrals.Functions.Http;
using Referrals.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.Functions;

/// <summary>
/// The Functions app's entry point: the host library's composition (<see cref="ReferralServices.AddReferrals"/>
/// and <see cref="ServiceDefaults"/>) with the app's own pieces: the event bus on Service Bus, the table
/// initializer and the runner of HTTP functions. None of the server's hosted services (Storage-queue
/// workers, queue-depth polling, the leased payout scheduler, queue creation) exists here: Service Bus
/// triggers, timers and the Durable orchestration do those jobs.
/// </summary>
public static class FunctionsHost
{
    /// <summary>The app setting prefix of the identity-based Service Bus connection (<c>ServiceBusConnection__fullyQualifiedNamespace</c>).</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";

    public static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.AddReferralFunctions();
        await builder.Build().RunAsync();
    }

    /// <summary>
    /// Composes the app's services. Events go to Service Bus when <c>ServiceBusConnection__fullyQualifiedNamespace</c>
    /// is set (Azure); without it (a local run, the tests) they go to the Storage queues, as on the server.
    /// </summary>
    public static TBuilder AddReferralFunctions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var serviceBusNamespace = builder.Configuration[$"{ServiceBusConnection}:fullyQualifiedNamespace"];
        if (!string.IsNullOrWhiteSpace(serviceBusNamespace))
        {
            // Registered before the storage adapters so their Storage-queue publisher and poison queues stay out.
            services.AddServiceBusEventBus(serviceBusNamespace);
        }

        services.AddSingleton<EventDelivery>();
        services.AddHostedService<TableInitializer>();
        builder.AddServiceDefaults();
        builder.AddReferrals();
        services.AddSingleton<HttpFunctionRunner>();
        services.AddSingleton<DeadLetterWriter>();
        services.AddSingleton<StorageQueueTries>();
        return builder;
    }
}
