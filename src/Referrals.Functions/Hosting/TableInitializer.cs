using Microsoft.Extensions.Hosting;
using Referrals.Storage;

namespace Referrals.Functions.Hosting;

/// <summary>
/// Creates the tables before the app takes requests. Only the tables: in Azure the events travel on
/// Service Bus, whose queues the deployment creates, so no Storage queue is made here.
/// </summary>
public sealed class TableInitializer(StorageAccount account) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => account.EnsureTablesCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
