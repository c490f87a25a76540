using System.Collections.Concurrent;
using System.Net;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;
using Referrals.Functions.Http;
using Referrals.Functions.OutboundWebhooks;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.Storage;

namespace Referrals.Functions.Tests.OutboundWebhooks;

/// <summary>
/// Outbound webhooks in the Functions app: an endpoint registered through its HTTP function, a test ping
/// queued on the <c>webhook-deliveries</c> Storage queue, and the queue-triggered function making each
/// attempt, retrying a failure after the schedule's delay with the same <c>webhook-id</c>.
/// </summary>
public sealed class WebhookDeliveryFunctionTests(WebhookDeliveryFunctionTests.LoopbackReceiversApp app) : IClassFixture<WebhookDeliveryFunctionTests.LoopbackReceiversApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_failed_attempt_is_retried_by_the_queue_function_with_the_same_webhook_id()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answers.Enqueue(500);
        var programId = await _api.CreateProgramAsync();
        var created = await app.CallAsync<WebhookEndpointFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/webhook-endpoints", new { url = receiver.Url, events = new[] { "commission.created" } }).WithAdminKey(),
            (functions, request) => functions.CreateAsync(request, programId));
        Assert.True(created.Status == 201, $"CreateWebhookEndpoint answered {created}");
        var endpointId = created.Json.GetProperty("id").GetString()!;
        var test = await app.CallAsync<WebhookEndpointFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/test", new { }).WithAdminKey(),
            (functions, request) => functions.TestAsync(request, programId, endpointId));
        Assert.True(test.Status == 202, $"TestWebhookEndpoint answered {test}");

        await RunNextAttemptAsync(endpointId);
        await RunNextAttemptAsync(endpointId);

        var received = receiver.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Headers["webhook-id"].ToString(), received[1].Headers["webhook-id"].ToString());
        Assert.StartsWith("v1,", received[1].Headers["webhook-signature"].ToString(), StringComparison.Ordinal);
        var log = await app.CallAsync<WebhookEndpointFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries").WithAdminKey(),
            (functions, request) => functions.ListDeliveriesAsync(request, programId, endpointId));
        var delivery = log.Json.GetProperty("items")[0];
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal([500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(attempt => attempt.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task A_message_that_is_not_an_attempt_is_dropped_without_failing()
    {
        var function = ActivatorUtilities.CreateInstance<WebhookDeliveryFunction>(app.Services);

        await function.RunAsync("{\"nothing\":true}", CancellationToken.None);
        await function.RunAsync("not json", CancellationToken.None);
    }

    /// <summary>Waits for the endpoint's next attempt message (it becomes visible when due) and runs the function on it.</summary>
    private async Task RunNextAttemptAsync(string endpointId)
    {
        var queue = app.Services.GetRequiredService<StorageAccount>().GetQueueClient(Topics.WebhookDeliveries);
        var message = await NextMessageAsync(queue, endpointId);
        var function = ActivatorUtilities.CreateInstance<WebhookDeliveryFunction>(app.Services);
        await function.RunAsync(message.Body.ToString(), CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    private static async Task<Azure.Storage.Queues.Models.QueueMessage> NextMessageAsync(QueueClient queue, string endpointId)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTimeOffset.UtcNow < until)
        {
            var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            var mine = received.FirstOrDefault(message => message.Body.ToString().Contains(endpointId, StringComparison.Ordinal));
            foreach (var other in received.Where(message => message != mine))
            {
                await queue.UpdateMessageAsync(other.MessageId, other.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            if (mine is not null)
            {
                return mine;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No delivery attempt for endpoint {endpointId} became visible.");
    }

    /// <summary>The app with loopback receivers allowed (as in Development) and a short first retry delay.</summary>
    public sealed class LoopbackReceiversApp : FunctionsApp
    {
        protected override void Configure(IDictionary<string, string?> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Referrals:Webhooks:AllowPrivateNetworks"] = "true";
            settings["Referrals:Webhooks:RetryDelays:0"] = "00:00:00.300";
        }
    }

    /// <summary>A receiver on 127.0.0.1 that keeps what it gets and answers the queued statuses, then 200.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = string.Empty;

        public ConcurrentQueue<int> Answers { get; } = new();

        public ConcurrentQueue<(IHeaderDictionary Headers, string Body)> Received { get; } = new();

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hooks", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                var headers = new HeaderDictionary();
                foreach (var (name, value) in request.Headers)
                {
                    headers[name] = value;
                }

                receiver.Received.Enqueue((headers, await reader.ReadToEndAsync()));
                return Results.StatusCode(receiver.Answers.TryDequeue(out var status) ? status : 200);
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
}
