using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Api.Http;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>An archived program takes nothing new: every create answers a 409 program-archived problem and stores nothing.</summary>
public sealed class ArchivedProgramTests : ServerTest
{
    public static TheoryData<string, string> Creates => new()
    {
        { "partners", """{"name":"Grace","email":"grace@example.com","type":"affiliate"}""" },
        { "links", """{"partnerId":"{partner}","destination":"https://shop.example.com/pricing"}""" },
        { "codes", """{"partnerId":"{partner}","code":"SPRING10","discountPercent":10}""" },
        { "conversions", """{"eventId":"evt_after","type":"sale","amount":4999,"currency":"EUR","customerId":"cus_2"}""" },
        { "conversions", """{"eventId":"evt_lead","type":"lead","amount":0,"currency":"EUR","customerId":"cus_3"}""" },
        { "leads", """{"partnerId":"{partner}","customerId":"cus_4"}""" },
        { "groups", """{"name":"Resellers","plan":{"kind":"percent","percent":30}}""" },
    };

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task A_create_in_an_archived_program_is_a_409_program_archived_problem_and_stores_nothing(string resource, string body)
    {
        var (programId, partnerId) = await ArchivedProgramAsync();
        var rows = await App.CountRowsAsync();

        using var response = await SendJsonAsync(HttpMethod.Post, $"/api/v1/programs/{programId}/{resource}", body.Replace("{partner}", partnerId, StringComparison.Ordinal));

        await AssertArchivedAsync(response);
        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Publishing_terms_in_an_archived_program_is_refused_and_stores_nothing()
    {
        var (programId, _) = await ArchivedProgramAsync();
        var rows = await App.CountRowsAsync();

        using var response = await SendJsonAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/terms", """{"text":"Version two."}""");

        await AssertArchivedAsync(response);
        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task The_same_creates_go_through_before_the_program_is_archived()
    {
        // The refusals above come from the archive, not from the requests.
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);

        foreach (var (resource, body) in Creates.Select(row => ((string)row[0], (string)row[1])))
        {
            using var response = await SendJsonAsync(HttpMethod.Post, $"/api/v1/programs/{programId}/{resource}", body.Replace("{partner}", partnerId, StringComparison.Ordinal));
            Assert.True(response.IsSuccessStatusCode, $"POST {resource} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var terms = await SendJsonAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/terms", """{"text":"Version one."}""");
        Assert.Equal(HttpStatusCode.Created, terms.StatusCode);
    }

    [Fact]
    public async Task A_refund_of_an_earlier_sale_and_a_retried_sale_are_still_taken_after_the_archive()
    {
        var programId = await Api.CreateProgramAsync();
        var sale = await Api.RecordSaleAsync(programId, "evt_before", 10_000);
        await Api.PostAsync($"/api/v1/programs/{programId}/archive", new { }, HttpStatusCode.OK);

        var retried = await Api.RecordSaleAsync(programId, "evt_before", 10_000, expected: HttpStatusCode.OK);
        var refund = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "evt_refund", type = "refund", amount = 10_000, currency = "EUR", originalEventId = "evt_before" },
            HttpStatusCode.Accepted);

        Assert.Equal(sale.GetProperty("conversionId").GetString(), retried.GetProperty("conversionId").GetString());
        Assert.True(retried.GetProperty("duplicate").GetBoolean());
        Assert.Equal("refund", (await Api.GetAsync($"/api/v1/programs/{programId}/conversions/{refund.GetProperty("conversionId").GetString()}")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_signed_sale_for_an_archived_program_is_acknowledged_as_ignored_kept_and_not_recorded()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Generic);
        await Api.PostAsync($"/api/v1/programs/{programId}/archive", new { }, HttpStatusCode.OK);
        var body = SignedWebhooks.Serialize(new { eventId = "evt_shop_1", type = "sale", amount = 4_999, currency = "EUR", customerId = "cus_9" });

        var answer = await new SignedWebhooks(Visitor).DeliverAsync(WebhookProvider.Generic, programId, body);

        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.Equal(Referrals.Api.Webhooks.WebhooksApi.ArchivedReason, answer.GetProperty("reason").GetString());
        var kept = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events")).EnumerateArray());
        Assert.Equal("evt_shop_1", kept.GetProperty("eventId").GetString());
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{programId}/conversions")).EnumerateArray());
    }

    [Fact]
    public async Task The_description_documents_the_program_archived_answer_of_every_create()
    {
        using var response = await Visitor.GetAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");

        foreach (var (path, method) in new[]
                 {
                     ("/api/v1/programs/{programId}/partners", "post"), ("/api/v1/programs/{programId}/links", "post"),
                     ("/api/v1/programs/{programId}/codes", "post"), ("/api/v1/programs/{programId}/conversions", "post"),
                     ("/api/v1/programs/{programId}/leads", "post"), ("/api/v1/programs/{programId}/groups", "post"),
                     ("/api/v1/programs/{programId}/terms", "put"), ("/api/v1/programs/{programId}/applications/{applicationId}/decision", "post"),
                 })
        {
            var conflict = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("409");
            Assert.Contains(Problems.ProgramArchivedType, conflict.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.True(conflict.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: 409 is not a problem answer");
        }
    }

    private async Task<(string ProgramId, string PartnerId)> ArchivedProgramAsync()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/archive", new { }, HttpStatusCode.OK);
        return (programId, partnerId);
    }

    private async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        return await Api.Client.SendAsync(request);
    }

    private static async Task AssertArchivedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"Answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(Problems.ProgramArchivedType, problem.GetProperty("type").GetString());
        Assert.EndsWith("program-archived", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }
}
