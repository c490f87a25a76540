using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// A small HTTP endpoint on 127.0.0.1 (a free port) that keeps the JSON bodies POSTed to
/// <c>/notices</c> and answers <see cref="Status"/>, standing in for finance's notification hook.
/// </summary>
public sealed class NoticeListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NoticeListener(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address to configure as <c>Referrals:Payouts:NotifyUrl</c>.</summary>
    public string Url { get; }

    /// <summary>The status code every POST is answered with.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

    /// <summary>The raw bodies received, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    public IReadOnlyList<JsonElement> Notices => Bodies.Select(body => JsonDocument.Parse(body).RootElement.Clone()).ToArray();

    public static async Task<NoticeListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        NoticeListener? listener = null;
        app.MapPost("/notices", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            listener!.Bodies.Enqueue(await reader.ReadToEndAsync());
            return Results.StatusCode((int)listener.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        listener = new NoticeListener(app, address.TrimEnd('/') + "/notices");
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
