using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Azurite;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>
/// Storage that hangs (the emulator frozen with SIGSTOP) under a light load. The test runs its own
/// emulator: freezing the shared one would stall every other test.
/// </summary>
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RedirectBound = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan ConversionBound = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, string> _conversionIds = new();

    [Fact]
    public async Task With_storage_frozen_redirects_answer_in_time_conversions_get_503_and_nothing_acknowledged_is_lost()
    {
        var degraded = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == "Referrals" && instrument.Name == "referrals.clicks.degraded")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref degraded, value));
        listener.Start();
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(), CancellationToken.None);
        await using var app = new ReferralsApp(azurite.ConnectionString);
        using var admin = app.CreateAdminClient();
        using var visitor = app.CreateVisitorClient();
        using var provider = app.CreateVisitorClient();
        admin.Timeout = visitor.Timeout = provider.Timeout = TimeSpan.FromSeconds(60);
        var webhooks = new SignedWebhooks(provider);
        var api = new ApiClient(admin);
        var programId = await api.CreateProgramAsync(trackingMode: "durable");
        await SignedWebhooks.ConfigureAsync(api, programId, WebhookProvider.Generic);
        var partnerId = await api.CreatePartnerAsync(programId);
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var code = (await api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
            await ApiClient.ClickAsync(visitor, code); // the link is cached from here on
            codes.Add(code);
        }

        var answers = new ConcurrentBag<Answer>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var load = codes.Select(code => VisitLoopAsync(visitor, code, clock, answers, stop.Token))
            .Append(ConversionLoopAsync(admin, webhooks: null, programId, clock, answers, stop.Token))
            .Append(ConversionLoopAsync(admin, webhooks, programId, clock, answers, stop.Token))
            .ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var frozenAt = clock.Elapsed;
        await azurite.PauseAsync();
        try
        {
            await Task.Delay(Freeze);
        }
        finally
        {
            await azurite.ResumeAsync();
        }

        var resumedAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromMinutes(2));

        var all = answers.ToArray();
        var redirects = all.Where(answer => answer.Kind == "redirect").ToArray();
        var conversions = all.Where(answer => answer.Kind is "conversion" or "webhook").ToArray();
        var duringFreeze = (Answer answer) => answer.SentAt >= frozenAt && answer.SentAt < resumedAt;

        // Every request got an answer in time, none of them a 500.
        Assert.All(all, answer => Assert.True((int)answer.Status < 500 || answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString()));
        Assert.All(redirects, answer => Assert.Equal(HttpStatusCode.Found, answer.Status));
        Assert.All(redirects, answer => Assert.True(answer.Took <= RedirectBound, answer.ToString()));
        Assert.All(conversions, answer => Assert.True(answer.Took <= ConversionBound, answer.ToString()));
        Assert.Contains(redirects, answer => duringFreeze(answer));
        Assert.Contains(conversions, answer => duringFreeze(answer) && answer.Kind == "conversion" && answer.Status == HttpStatusCode.ServiceUnavailable && answer.RetryAfter);
        Assert.Contains(conversions, answer => duringFreeze(answer) && answer.Kind == "webhook" && answer.Status == HttpStatusCode.ServiceUnavailable && answer.RetryAfter);
        Assert.True(Interlocked.Read(ref degraded) > 0, "No redirect was counted as degraded.");
        Assert.DoesNotContain(conversions, answer => answer.Status == HttpStatusCode.ServiceUnavailable && !answer.RetryAfter);

        // Storage is back: every acknowledged click and conversion is there, and a refused conversion sent again is taken.
        foreach (var refused in conversions.Where(answer => answer.Status == HttpStatusCode.ServiceUnavailable))
        {
            var again = await SendConversionAsync(admin, refused.Kind == "webhook" ? webhooks : null, programId, refused.Id, clock);
            Assert.True(again.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, again.ToString());
        }

        var acknowledgedClicks = redirects.Select(answer => answer.Id).ToArray();
        var acknowledgedConversions = conversions.Select(answer => answer.Id).Distinct().ToArray();
        await Eventually.ReturnsAsync(() => CountFoundAsync(admin, acknowledgedClicks.Select(id => $"/api/v1/clicks/{id}")), found => found == acknowledgedClicks.Length, TimeSpan.FromSeconds(90));
        await Eventually.ReturnsAsync(
            () => CountFoundAsync(admin, acknowledgedConversions.Select(id => $"/api/v1/programs/{programId}/conversions/{_conversionIds[id]}")),
            found => found == acknowledgedConversions.Length,
            TimeSpan.FromSeconds(90));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
            storage outage: {redirects.Length} redirects ({redirects.Count(duringFreeze)} during the freeze), slowest {redirects.Max(answer => answer.Took).TotalMilliseconds:F0} ms;
            {conversions.Length} conversions and webhooks ({conversions.Count(answer => answer.Status == HttpStatusCode.ServiceUnavailable)} answered 503), slowest {conversions.Max(answer => answer.Took).TotalMilliseconds:F0} ms; {Interlocked.Read(ref degraded)} clicks degraded;
            found after resuming: {acknowledgedClicks.Length} clicks, {acknowledgedConversions.Length} conversions
            """));
    }

    private static async Task VisitLoopAsync(HttpClient visitor, string code, Stopwatch clock, ConcurrentBag<Answer> answers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sentAt = clock.Elapsed;
            using var response = await visitor.GetAsync($"/r/{code}", CancellationToken.None);
            var clickId = System.Web.HttpUtility.ParseQueryString(response.Headers.Location?.Query ?? string.Empty)["ref_click"] ?? string.Empty;
            answers.Add(new Answer("redirect", clickId, sentAt, clock.Elapsed - sentAt, response.StatusCode, response.Headers.RetryAfter is not null));
            await Task.Delay(150, CancellationToken.None);
        }
    }

    /// <summary>Sends conversions through the API, or as the shop's signed webhooks when <paramref name="webhooks"/> is given.</summary>
    private async Task ConversionLoopAsync(HttpClient admin, SignedWebhooks? webhooks, string programId, Stopwatch clock, ConcurrentBag<Answer> answers, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            answers.Add(await SendConversionAsync(admin, webhooks, programId, $"evt_outage_{(webhooks is null ? "api" : "hook")}_{i}", clock));
            await Task.Delay(400, CancellationToken.None);
        }
    }

    private async Task<Answer> SendConversionAsync(HttpClient admin, SignedWebhooks? webhooks, string programId, string eventId, Stopwatch clock)
    {
        var sale = new { eventId, type = "sale", amount = 1_000, currency = "EUR", customerId = "cus_" + eventId };
        var sentAt = clock.Elapsed;
        using var response = webhooks is null
            ? await admin.PostAsJsonAsync($"/api/v1/programs/{programId}/conversions", sale, CancellationToken.None)
            : await webhooks.SendAsync(WebhookProvider.Generic, programId, SignedWebhooks.Serialize(sale));
        var took = clock.Elapsed - sentAt;
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
            _conversionIds[eventId] = body.RootElement.GetProperty("conversionId").GetString()!;
        }

        return new Answer(webhooks is null ? "conversion" : "webhook", eventId, sentAt, took, response.StatusCode, response.Headers.RetryAfter is not null);
    }

    private static async Task<int> CountFoundAsync(HttpClient admin, IEnumerable<string> paths)
    {
        var found = 0;
        foreach (var path in paths)
        {
            using var response = await admin.GetAsync(path);
            found += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return found;
    }

    private sealed record Answer(string Kind, string Id, TimeSpan SentAt, TimeSpan Took, HttpStatusCode Status, bool RetryAfter);
}
