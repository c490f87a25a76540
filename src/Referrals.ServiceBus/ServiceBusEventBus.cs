using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>The event bus on Service Bus for a host in Azure: the publisher and the dead letters, signed in with the app's identity.</summary>
public static class ServiceBusEventBus
{
    /// <summary>
    /// Registers the client of <paramref name="fullyQualifiedNamespace"/>, the publisher and the dead letters.
    /// Call before the storage adapters, so their Storage-queue publisher and poison queues stay out.
    /// </summary>
    public static IServiceCollection AddServiceBusEventBus(this IServiceCollection services, string fullyQualifiedNamespace)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(fullyQualifiedNamespace);
        services.AddAzureClients(clients =>
        {
            clients.AddServiceBusClientWithNamespace(fullyQualifiedNamespace);
            clients.UseCredential(new DefaultAzureCredential());
        });
        services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        services.AddSingleton<IDeadLetterReceiver, ServiceBusDeadLetterReceiver>();
        services.AddSingleton<ServiceBusDeadLetters>();
        services.AddSingleton<IDeadLetters, CombinedDeadLetters>();
        return services;
    }
}
