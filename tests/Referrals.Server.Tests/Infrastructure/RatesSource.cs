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

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// Stands in for the ECB on 127.0.0.1 (a free port): answers <c>GET /eurofxref-daily.xml</c> with
/// <see cref="Body"/> and <see cref="Status"/>, and counts the requests.
/// </summary>
public sealed class RatesSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private RatesSource(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public string Body { get; set; } = string.Empty;

    public int Status { get; set; } = 200;

    public int Requests => _requests;

    public static async Task<RatesSource> StartAsync(string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        RatesSource? source = null;
        app.MapGet("/eurofxref-daily.xml", () =>
        {
            Interlocked.Increment(ref source!._requests);
            return Results.Text(source.Body, "text/xml", Encoding.UTF8, source.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        source = new RatesSource(app, address.TrimEnd('/') + "/eurofxref-daily.xml") { Body = body };
        return source;
    }

    /// <summary>A file in the ECB's format with one day per entry of <paramref name="days"/>: 1 EUR = <c>usd</c> USD (and fixed others).</summary>
    public static string Xml(params (DateOnly Day, decimal Usd)[] days)
    {
        var cubes = string.Concat(days.OrderByDescending(day => day.Day).Select(day =>
            $"""

                    <Cube time="{day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}">
                        <Cube currency="USD" rate="{day.Usd.ToString(CultureInfo.InvariantCulture)}"/>
                        <Cube currency="JPY" rate="162.47"/>
                        <Cube currency="GBP" rate="0.83285"/>
                    </Cube>
            """));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                <gesmes:subject>Reference rates</gesmes:subject>
                <gesmes:Sender>
                    <gesmes:name>European Central Bank</gesmes:name>
                </gesmes:Sender>
                <Cube>{cubes}
                </Cube>
            </gesmes:Envelope>
            """;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
