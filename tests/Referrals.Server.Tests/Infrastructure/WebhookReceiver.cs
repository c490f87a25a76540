using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// A shop's webhook receiver on 127.0.0.1 (a free port): keeps every POST to <c>/hooks</c> (headers and raw
/// body) and answers the next status of <see cref="Answers"/>, or 200 when none is left.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The statuses the next requests are answered with, in order.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Characters added to every answer's body, to make it long.</summary>
    public int Padding { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (name, value) in request.Headers)
            {
                headers[name] = value;
            }

            receiver!.Received.Enqueue(new ReceivedWebhook(headers, body));
            var status = receiver.Answers.TryDequeue(out var next) ? next : 200;
            return Results.Text($"answer {status} to {request.Headers["webhook-id"]}" + new string('x', receiver.Padding), statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, address.TrimEnd('/') + "/hooks");
        return receiver;
    }

    /// <summary>Waits until a webhook of <paramref name="type"/> has arrived (<paramref name="count"/> times), and returns those.</summary>
    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string type, int count = 1, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult<IReadOnlyList<ReceivedWebhook>>(Received.Where(hook => hook.Type == type).ToList()),
            found => found.Count >= count,
            timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedWebhook(IHeaderDictionary Headers, string Body)
{
    public string Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;

    public string WebhookId => Headers["webhook-id"].ToString();

    public System.Text.Json.JsonElement Data => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("data").Clone();
}
