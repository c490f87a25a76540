using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Referrals.Api.ExchangeRates;
using Referrals.Core.ExchangeRates;
using Referrals.Functions.ExchangeRates;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.ExchangeRates;

/// <summary>The rates timer fetches the published file (here from a stand-in on 127.0.0.1) into the app's storage.</summary>
public sealed class ExchangeRateTimerTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private const string Daily = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
        	<gesmes:subject>Reference rates</gesmes:subject>
        	<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
        	<Cube>
        		<Cube time='2025-07-04'>
        			<Cube currency='USD' rate='1.1767'/>
        			<Cube currency='GBP' rate='0.86205'/>
        		</Cube>
        	</Cube>
        </gesmes:Envelope>
        """;

    [Fact]
    public async Task The_timer_stores_the_day_of_the_published_file_and_converts_at_it()
    {
        using var listener = StartListener(out var url);
        var serving = ServeOnceAsync(listener, Daily);
        var store = app.Services.GetRequiredService<IReferenceRateStore>();
        using var http = new HttpClient();
        var options = Options.Create(new RatesOptions { SourceUrl = url });
        var timer = new ExchangeRateTimer(new ReferenceRateFetcher(http, store, options, NullLogger<ReferenceRateFetcher>.Instance), options);

        await timer.RunAsync(new TimerInfo(), CancellationToken.None);
        await serving;

        var rate = await app.Services.GetRequiredService<IExchangeRates>().FindAsync("GBP", "USD", new DateOnly(2025, 7, 6), CancellationToken.None);
        Assert.Equal(new ExchangeRate("GBP", "USD", 1.36500m, new DateOnly(2025, 7, 4), "ECB"), rate);
    }

    [Fact]
    public async Task The_timer_does_nothing_when_fetching_is_off()
    {
        var store = app.Services.GetRequiredService<IReferenceRateStore>();
        using var http = new HttpClient();
        var options = Options.Create(new RatesOptions { SourceUrl = "http://127.0.0.1:9/eurofxref-daily.xml", Fetch = false });
        var timer = new ExchangeRateTimer(new ReferenceRateFetcher(http, store, options, NullLogger<ReferenceRateFetcher>.Instance), options);

        await timer.RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Empty(await store.ListAsync(ReferenceRates.Ecb, new DateOnly(2000, 1, 1), new DateOnly(2024, 12, 31), CancellationToken.None));
    }

    [Fact]
    public void The_app_composes_the_timer()
    {
        Assert.NotNull(ActivatorUtilities.CreateInstance<ExchangeRateTimer>(app.Services));
    }

    private static HttpListener StartListener(out string url)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        url = $"http://127.0.0.1:{port}/eurofxref-daily.xml";
        return listener;
    }

    private static async Task ServeOnceAsync(HttpListener listener, string body)
    {
        var context = await listener.GetContextAsync();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
