using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>Partner and shop keys: issued with a scope, held to it, listed without secrets, revoked and expired at once.</summary>
public sealed class ApiKeyTests(ITestOutputHelper output) : ServerTest
{
    private async Task<(string Id, string Key)> IssueAsync(object draft)
    {
        var issued = await Api.PostAsync("/api/v1/keys", draft, HttpStatusCode.Created);
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    private static object Sale(string eventId) => new { eventId, type = "sale", amount = 1_000, currency = "EUR", customerId = "cus_1" };

    [Fact]
    public async Task Revoked_key_is_refused_at_once_and_the_list_shows_who_revoked_it()
    {
        var programId = await Api.CreateProgramAsync();
        var (id, key) = await IssueAsync(new { role = "shop", name = "Shop server", programId });
        using var shop = App.CreateClientWithKey(key);
        using (var before = await shop.PostAsJsonAsync($"/api/v1/programs/{programId}/conversions", Sale("order-1")))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        using (var revoke = await Api.Client.DeleteAsync($"/api/v1/keys/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var rows = await App.CountRowsAsync();
        using var after = await shop.PostAsJsonAsync($"/api/v1/programs/{programId}/conversions", Sale("order-2"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows, await App.CountRowsAsync());

        var listed = (await Api.GetAsync("/api/v1/keys")).EnumerateArray().Single(entry => entry.GetProperty("id").GetString() == id);
        output.WriteLine(listed.ToString());
        Assert.False(listed.GetProperty("active").GetBoolean());
        Assert.Equal("admin", listed.GetProperty("revokedBy").GetString());
        Assert.Equal("admin", listed.GetProperty("issuedBy").GetString());
        Assert.Equal(programId, listed.GetProperty("programId").GetString());
    }

    [Fact]
    public async Task Keys_are_listed_without_their_secrets()
    {
        var (_, key) = await IssueAsync(new { role = "finance", name = "Finance" });

        using var response = await Api.Client.GetAsync("/api/v1/keys");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"finance\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key["rk_".Length..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_stops_working_when_it_expires()
    {
        var programId = await Api.CreateProgramAsync();
        var (_, key) = await IssueAsync(new { role = "shop", name = "Short-lived", programId, expiresAt = DateTimeOffset.UtcNow.AddSeconds(3) });
        using var shop = App.CreateClientWithKey(key);

        using (var fresh = await shop.GetAsync($"/api/v1/programs/{programId}"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        var status = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await shop.GetAsync($"/api/v1/programs/{programId}");
                return response.StatusCode;
            },
            code => code != HttpStatusCode.OK,
            TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Key_issuance_checks_the_scope_and_the_expiry()
    {
        var programId = await Api.CreateProgramAsync();
        var otherProgramId = await Api.CreateProgramAsync();
        var otherPartnerId = await Api.CreatePartnerAsync(otherProgramId);
        var rows = await App.CountRowsAsync();

        await Api.PostAsync("/api/v1/keys", new { role = "partner", name = "Eve", programId, partnerId = otherPartnerId }, HttpStatusCode.NotFound);
        await Api.PostAsync("/api/v1/keys", new { role = "shop", name = "Shop", programId = "prg_missing" }, HttpStatusCode.NotFound);
        await Api.PostAsync("/api/v1/keys", new { role = "shop", name = "Shop" }, HttpStatusCode.BadRequest);
        await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Late", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, HttpStatusCode.BadRequest);
        await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Forever", expiresAt = DateTimeOffset.UtcNow.AddYears(5) }, HttpStatusCode.BadRequest);

        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Shop_key_records_for_its_own_program_and_is_refused_with_nothing_stored_for_another()
    {
        var programId = await Api.CreateProgramAsync();
        var otherProgramId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(otherProgramId);
        var (_, key) = await IssueAsync(new { role = "shop", name = "Shop A", programId });
        using var shop = App.CreateClientWithKey(key);
        var rows = await App.CountRowsAsync();

        using var conversion = await shop.PostAsJsonAsync($"/api/v1/programs/{otherProgramId}/conversions", Sale("order-1"));
        using var lead = await shop.PostAsJsonAsync($"/api/v1/programs/{otherProgramId}/leads", new { partnerId, customerId = "cus_9" });
        using var unknown = await shop.PostAsJsonAsync("/api/v1/programs/prg_does_not_exist/conversions", Sale("order-1"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (conversion.StatusCode, lead.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", conversion.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows, await App.CountRowsAsync());
        using var own = await shop.PostAsJsonAsync($"/api/v1/programs/{programId}/conversions", Sale("order-1"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    [Fact]
    public async Task Partner_sees_only_its_own_commissions_and_stats()
    {
        var programId = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(programId);
        var bob = await Api.CreatePartnerAsync(programId, "bob@example.com");
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId = ada, code = "ADA10" }, HttpStatusCode.Created);
        var conversionId = (await Api.RecordSaleAsync(programId, "order-1", 10_000, code: "ADA10")).GetProperty("conversionId").GetString()!;
        await Api.AttributedConversionAsync(programId, conversionId);
        using var adaClient = App.CreateClientWithKey((await IssueAsync(new { role = "partner", name = "Ada", programId, partnerId = ada })).Key);
        using var bobClient = App.CreateClientWithKey((await IssueAsync(new { role = "partner", name = "Bob", programId, partnerId = bob })).Key);

        var adaSees = await adaClient.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programId}/commissions");
        var bobSees = await bobClient.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programId}/commissions");
        using var bobAsksForAda = await bobClient.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={ada}");
        using var bobReadsAdaStats = await bobClient.GetAsync($"/api/v1/partners/{ada}/stats");
        using var adaReadsOwnStats = await adaClient.GetAsync($"/api/v1/partners/{ada}/stats");

        Assert.Equal(ada, Assert.Single(adaSees.EnumerateArray()).GetProperty("partnerId").GetString());
        Assert.Empty(bobSees.EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, bobAsksForAda.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobReadsAdaStats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adaReadsOwnStats.StatusCode);
    }
}
