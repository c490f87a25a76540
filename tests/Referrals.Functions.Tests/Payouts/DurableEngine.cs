using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// The Durable Task engine in process: the in-memory backend and gRPC sidecar of
/// <c>Microsoft.DurableTask.InProcessTestHost</c> (what its <c>DurableTaskTestHost</c> runs), the SDK's
/// real gRPC worker and a client. Unlike <c>DurableTaskTestHost</c>, the worker can be stopped and a new
/// one started over the same backend, which keeps every orchestration's history as a task hub would
/// across a restart of the app; and <see cref="Trace"/> shows what the worker was sent and answered.
/// Timers are real: they fire when the wall clock passes their time.
/// </summary>
internal sealed class DurableEngine : IAsyncDisposable
{
    private readonly IHost _sidecar;
    private readonly GrpcChannel _channel;
    private readonly ServiceProvider _clientServices;
    private IHost? _worker;

    private DurableEngine(IHost sidecar, GrpcChannel channel, OrchestrationTrace trace)
    {
        _sidecar = sidecar;
        _channel = channel;
        Trace = trace;
        _clientServices = new ServiceCollection()
            .AddLogging()
            .AddDurableTaskClient(builder => builder.UseGrpc(channel).RegisterDirectly())
            .BuildServiceProvider();
        Client = _clientServices.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Schedules, queries and raises events, as the app's functions do; it outlives any worker.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Every work item the sidecar sent to a worker, and every answer it got back.</summary>
    public OrchestrationTrace Trace { get; }

    /// <summary>Starts the backend and its sidecar on a free loopback port, with no worker yet.</summary>
    public static async Task<DurableEngine> StartAsync()
    {
        var backend = new InMemoryOrchestrationService();
        var trace = new OrchestrationTrace();
        var sidecar = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureWebHostDefaults(web =>
            {
                web.UseUrls("http://127.0.0.1:0");
                web.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
                web.ConfigureServices(services =>
                {
                    services.AddGrpc(grpc => grpc.Interceptors.Add<OrchestrationTrace.Interceptor>());
                    services.AddSingleton(trace);
                    services.AddSingleton<IOrchestrationService>(backend);
                    services.AddSingleton<IOrchestrationServiceClient>(backend);
                    services.AddSingleton<TaskHubGrpcServer>();
                });
                web.Configure(app => app.UseRouting().UseEndpoints(endpoints => endpoints.MapGrpcService<TaskHubGrpcServer>()));
            })
            .Build();
        await sidecar.StartAsync();
        var address = sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DurableEngine(sidecar, GrpcChannel.ForAddress(address), trace);
    }

    /// <summary>Starts a worker with <paramref name="tasks"/>, as an app instance that comes up connects to its task hub.</summary>
    public async Task StartWorkerAsync(Action<DurableTaskRegistry> tasks)
    {
        if (_worker is not null)
        {
            throw new InvalidOperationException("A worker is running already: stop it first.");
        }

        var worker = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services => services.AddDurableTaskWorker(builder => builder.UseGrpc(_channel).AddTasks(tasks)))
            .Build();
        await worker.StartAsync();
        _worker = worker;
    }

    /// <summary>Stops the worker (the backend keeps every orchestration); work sent meanwhile waits for the next worker.</summary>
    public async Task StopWorkerAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync();
            worker.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        await _clientServices.DisposeAsync();
        await _channel.ShutdownAsync();
        _channel.Dispose();
        await _sidecar.StopAsync();
        _sidecar.Dispose();
    }
}
