using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Events;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The same event delivered many times, concurrently or through the queue twice, earns one conversion and one commission.</summary>
public sealed class DuplicateTests(ITestOutputHelper output) : ServerTest
{
    private const int Deliveries = 1_000;
    private const int InFlight = 64;

    private async Task<(string ProgramId, string ClickId)> ProgramWithClickAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        return (programId, await ApiClient.ClickAsync(Visitor, code));
    }

    private async Task<JsonElement[]> CommissionsAsync(string programId) =>
        [.. (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()];

    /// <summary>Sends <paramref name="send"/> <see cref="Deliveries"/> times with up to <see cref="InFlight"/> at once; returns each answer's status, duplicate flag and conversion id.</summary>
    private static async Task<IReadOnlyCollection<(HttpStatusCode Status, bool Duplicate, string? ConversionId)>> FloodAsync(Func<Task<HttpResponseMessage>> send)
    {
        var answers = new ConcurrentBag<(HttpStatusCode, bool, string?)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Deliveries), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (_, cancellationToken) =>
        {
            using var response = await send();
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            answers.Add((
                response.StatusCode,
                json.TryGetProperty("duplicate", out var duplicate) && duplicate.GetBoolean(),
                json.TryGetProperty("conversionId", out var id) ? id.GetString() : null));
        });
        return answers;
    }

    private async Task AssertOneCommissionAsync(string programId, string conversionId)
    {
        await Api.AttributedConversionAsync(programId, conversionId);
        var commissions = await Eventually.ReturnsAsync(() => CommissionsAsync(programId), list => list.Length > 0);
        await Task.Delay(500); // a second commission, if any, would come from a worker still running
        commissions = await CommissionsAsync(programId);
        output.WriteLine($"commissions: {commissions.Length}");
        Assert.Single(commissions);
    }

    [Fact]
    public async Task Same_signed_webhook_a_thousand_times_earns_one_conversion_and_one_commission()
    {
        var (programId, clickId) = await ProgramWithClickAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Generic);
        var body = SignedWebhooks.Serialize(new { eventId = "order-1", type = "sale", amount = 10_000, currency = "EUR", customerId = "cus_1", clickId });
        var hooks = new SignedWebhooks(Visitor);

        var answers = await FloodAsync(() => hooks.SendAsync(WebhookProvider.Generic, programId, body));

        output.WriteLine($"deliveries: {answers.Count}, answered 200: {answers.Count(a => a.Status == HttpStatusCode.OK)}, recorded new: {answers.Count(a => !a.Duplicate)}, duplicates: {answers.Count(a => a.Duplicate)}, distinct conversion ids: {answers.Select(a => a.ConversionId).Distinct().Count()}");
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Single(answers, answer => !answer.Duplicate);
        var conversionId = Assert.Single(answers.Select(answer => answer.ConversionId).Distinct())!;
        await AssertOneCommissionAsync(programId, conversionId);
    }

    [Fact]
    public async Task Same_conversion_reported_a_thousand_times_earns_one_conversion_and_one_commission()
    {
        var (programId, clickId) = await ProgramWithClickAsync();
        var body = new { eventId = "order-1", type = "sale", amount = 10_000, currency = "EUR", customerId = "cus_1", clickId };

        var answers = await FloodAsync(() => Api.Client.PostAsJsonAsync($"/api/v1/programs/{programId}/conversions", body));

        output.WriteLine($"reports: {answers.Count}, answered 202: {answers.Count(a => a.Status == HttpStatusCode.Accepted)}, answered 200 (duplicate): {answers.Count(a => a.Status == HttpStatusCode.OK && a.Duplicate)}, distinct conversion ids: {answers.Select(a => a.ConversionId).Distinct().Count()}");
        Assert.Single(answers, answer => answer.Status == HttpStatusCode.Accepted && !answer.Duplicate);
        Assert.Equal(Deliveries - 1, answers.Count(answer => answer.Status == HttpStatusCode.OK && answer.Duplicate));
        var conversionId = Assert.Single(answers.Select(answer => answer.ConversionId).Distinct())!;
        await AssertOneCommissionAsync(programId, conversionId);
    }

    [Fact]
    public async Task Conversion_message_delivered_twice_more_earns_one_commission()
    {
        var (programId, clickId) = await ProgramWithClickAsync();
        var accepted = await Api.RecordSaleAsync(programId, "order-1", 10_000, clickId);
        var conversionId = accepted.GetProperty("conversionId").GetString()!;
        await AssertOneCommissionAsync(programId, conversionId);

        // At-least-once delivery: the queue hands the same message over again (twice here, back to back).
        var queue = App.Services.GetRequiredService<StorageAccount>().GetQueueClient(Topics.ConversionReceived);
        var message = EventSerializer.Serialize(new ConversionReceived(programId, conversionId), Topics.ConversionReceived);
        await queue.SendMessageAsync(message);
        await queue.SendMessageAsync(message);
        await Eventually.ReturnsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, count => count == 0);

        output.WriteLine("redelivered the conversion-received message 2 times");
        await AssertOneCommissionAsync(programId, conversionId);
    }
}
