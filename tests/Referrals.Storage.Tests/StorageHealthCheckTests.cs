using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Referrals.Azurite;

namespace Referrals.Storage.Tests;

public sealed class StorageHealthCheckTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Storage_is_healthy_when_the_table_service_answers()
    {
        var account = await azurite.CreateAccountAsync();

        var result = await new StorageHealthCheck(account).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Storage_is_unhealthy_within_seconds_when_nothing_listens()
    {
        var port = ClosedPort();
        var account = new StorageAccount(new StorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AzuriteProcess.AccountName};QueueEndpoint=http://127.0.0.1:{port}/{AzuriteProcess.AccountName};",
        });
        var clock = Stopwatch.StartNew();

        var result = await new StorageHealthCheck(account).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Description));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
