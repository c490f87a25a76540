using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Referrals.Api.OutboundWebhooks;
using Referrals.Azurite;
using Referrals.Core.Events;
using Referrals.Core.OutboundWebhooks;
using Referrals.Storage;
using Referrals.Storage.Events;
using Referrals.Storage.OutboundWebhooks;
using Referrals.Storage.Webhooks;

// Outbound webhooks against a receiver on 127.0.0.1, over Azurite: events recorded through the outbox and
// delivered by the server's queue worker, against the baseline of POSTing the same bodies straight to the
// receiver with the same parallelism. Prints deliveries per second and the p95 from the change (the record
// call) to the receiver's arrival, each as a ratio against the baseline measured in the same run.
// Usage: dotnet run -c Release --project bench/Referrals.Bench.Webhooks [events] [parallelism]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
var parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;

await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(), CancellationToken.None);
await using var receiver = await Receiver.StartAsync();
var storage = new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "bench", QueuePollInterval = TimeSpan.FromMilliseconds(20) };
var account = new StorageAccount(storage);
await account.EnsureCreatedAsync(CancellationToken.None);

var bodies = Enumerable.Range(0, events)
    .Select(i => (Id: $"msg_bench_{i:D6}", Body: "{\"type\":\"commission.created\",\"timestamp\":\"2025-03-14T12:00:00Z\",\"data\":{\"id\":\"cm_" + i.ToString("D6", CultureInfo.InvariantCulture) + "\",\"amount\":" + (1_000 + i).ToString(CultureInfo.InvariantCulture) + ",\"currency\":\"EUR\"}}"))
    .ToArray();

// Baseline: the same bodies, signed the same way, POSTed directly.
var secret = WebhookSecret.Generate();
using var sender = new WebhookSender(new GuardedConnector(allowPrivateNetworks: true));
var direct = await MeasureAsync("direct POST", receiver, bodies, async (item, sent) =>
{
    var now = DateTimeOffset.UtcNow;
    var response = await sender.SendAsync(new WebhookRequest(receiver.Url, item.Id, now, StandardWebhookSigner.Sign(item.Id, now, item.Body, [secret]), item.Body), CancellationToken.None);
    if (!response.Succeeded)
    {
        throw new InvalidOperationException($"The receiver answered {response.StatusCode}: {response.Error}");
    }
});

// The pipeline: outbox → delivery row + queue message → queue worker → signed POST.
var protector = new SecretProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(SecretProtector.KeyBytes));
var endpoints = new TableWebhookEndpointStore(account, protector);
var deliveries = new TableWebhookDeliveryStore(account);
var queue = new QueueWebhookDeliveryQueue(account);
var outbox = new RecordWebhookEvent(endpoints, deliveries, queue, new PassThroughBodies(bodies.ToDictionary(item => item.Id, item => item.Body)), NullLogger<RecordWebhookEvent>.Instance);
await endpoints.CreateAsync(new WebhookEndpoint("whe_bench", "prg_bench", receiver.Url, [WebhookEventTypes.CommissionCreated], null, true, secret, DateTimeOffset.UtcNow), CancellationToken.None);
var services = new ServiceCollection()
    .AddSingleton<IEventHandler<WebhookDeliveryDue>>(new DeliverWebhook(endpoints, deliveries, queue, sender, WebhookDeliverySettings.Default, TimeProvider.System, NullLogger<DeliverWebhook>.Instance))
    .BuildServiceProvider();
var worker = new QueueWorker<WebhookDeliveryDue>(account, Topics.WebhookDeliveries, services, Options.Create(storage), NullLogger<QueueWorker<WebhookDeliveryDue>>.Instance);
await worker.StartAsync(CancellationToken.None);
receiver.Reset();
var pipeline = await MeasureAsync("outbox + queue worker", receiver, bodies, (item, _) =>
    outbox.RecordAsync(new WebhookEvent(item.Id, WebhookEventTypes.CommissionCreated, "prg_bench", DateTimeOffset.UtcNow, item.Id), CancellationToken.None));
await worker.StopAsync(CancellationToken.None);

Console.WriteLine();
Console.WriteLine($"deliveries/s: pipeline / direct = {pipeline.PerSecond / direct.PerSecond:F3}");
Console.WriteLine($"p95 change-to-delivery: pipeline / direct = {pipeline.P95.TotalMilliseconds / direct.P95.TotalMilliseconds:F1}");

// Runs `act` for every item with `parallelism` workers; done when the receiver has every id.
async Task<Result> MeasureAsync(string name, Receiver target, (string Id, string Body)[] items, Func<(string Id, string Body), long, Task> act)
{
    var started = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) =>
    {
        started[item.Id] = Stopwatch.GetTimestamp();
        await act(item, started[item.Id]);
    });
    var deadline = Stopwatch.StartNew();
    while (target.Arrived.Count < items.Length)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException($"{name}: {target.Arrived.Count} of {items.Length} arrived.");
        }

        await Task.Delay(5);
    }

    var elapsed = clock.Elapsed;
    var latencies = items.Select(item => Stopwatch.GetElapsedTime(started[item.Id], target.Arrived[item.Id])).Order().ToArray();
    var result = new Result(items.Length / elapsed.TotalSeconds, latencies[(int)Math.Ceiling(latencies.Length * 0.95) - 1], latencies[latencies.Length / 2]);
    Console.WriteLine($"{name,-24} {items.Length,6:N0} deliveries in {elapsed.TotalSeconds,6:F2} s = {result.PerSecond,8:F0}/s; change-to-delivery p50 {result.P50.TotalMilliseconds,7:F1} ms, p95 {result.P95.TotalMilliseconds,7:F1} ms");
    return result;
}

internal sealed record Result(double PerSecond, TimeSpan P95, TimeSpan P50);

/// <summary>The bench's events carry their prepared body as data, so both runs send the same bytes.</summary>
internal sealed class PassThroughBodies(IReadOnlyDictionary<string, string> bodies) : IWebhookBodyWriter
{
    public string Write(WebhookEvent webhookEvent) => bodies[(string)webhookEvent.Data];
}

/// <summary>A receiver on 127.0.0.1 that answers 200 and notes when each webhook id first arrived.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public ConcurrentDictionary<string, long> Arrived { get; private set; } = new(StringComparer.Ordinal);

    public void Reset() => Arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            await reader.ReadToEndAsync();
            receiver.Arrived.TryAdd(request.Headers["webhook-id"].ToString(), Stopwatch.GetTimestamp());
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/hooks";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
