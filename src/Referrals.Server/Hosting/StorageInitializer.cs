using Referrals.Storage;

namespace Referrals.Server.Hosting;

/// <summary>Creates the tables and queues before the server takes requests (registered first, so it runs first).</summary>
internal sealed class StorageInitializer(StorageAccount account) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => account.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
