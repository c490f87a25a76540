using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>A partner's own profile and payout details through the API, with a partner key held to its partner.</summary>
public sealed class PartnerSelfServiceTests : ServerTest
{
    [Fact]
    public async Task A_partner_sets_bank_details_and_sees_them_masked_with_the_change_audited()
    {
        var (partnerId, partner) = await PartnerClientAsync();

        using var put = await partner.PutAsJsonAsync($"/api/v1/partners/{partnerId}/payout-details", new { method = "bank", iban = "DE89 3704 0044 0532 0130 00", accountHolder = "Ada Lovelace" });
        var text = await put.Content.ReadAsStringAsync();
        var read = await (await partner.GetAsync($"/api/v1/partners/{partnerId}/payout-details")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain("0532013000", text, StringComparison.Ordinal);
        Assert.Equal("Bank transfer DE** **** 3000 (Ada Lovelace)", read.GetProperty("masked").GetString());
        var change = Assert.Single(read.GetProperty("changes").EnumerateArray());
        Assert.Equal($"partner {partnerId}", change.GetProperty("by").GetString());
    }

    [Fact]
    public async Task An_invalid_iban_is_refused_and_stores_nothing()
    {
        var (partnerId, partner) = await PartnerClientAsync();
        var rows = await App.CountRowsAsync();

        using var put = await partner.PutAsJsonAsync($"/api/v1/partners/{partnerId}/payout-details", new { method = "wise", iban = "DE88370400440532013000", accountHolder = "Ada" });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("iban", out _));
        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task A_partner_edits_its_profile_and_the_partner_is_renamed()
    {
        var (partnerId, partner) = await PartnerClientAsync();

        using var put = await partner.PutAsJsonAsync($"/api/v1/partners/{partnerId}/profile", new { name = "Ada King", website = "https://ada.example.com", channels = "YouTube @ada", country = "gb" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var profile = await (await partner.GetAsync($"/api/v1/partners/{partnerId}/profile")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Ada King", "GB", "https://ada.example.com"), (profile.GetProperty("name").GetString(), profile.GetProperty("country").GetString(), profile.GetProperty("website").GetString()));
        Assert.Equal("Ada King", (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_partner_key_cannot_read_or_change_another_partners_details()
    {
        var (partnerId, partner) = await PartnerClientAsync();
        var programId = (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("programId").GetString()!;
        var otherId = await Api.CreatePartnerAsync(programId, "bob@example.com");

        using var read = await partner.GetAsync($"/api/v1/partners/{otherId}/payout-details");
        using var write = await partner.PutAsJsonAsync($"/api/v1/partners/{otherId}/profile", new { name = "Mallory" });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read.StatusCode, write.StatusCode));
        Assert.NotEqual("Mallory", (await Api.GetAsync($"/api/v1/partners/{otherId}")).GetProperty("name").GetString());
    }

    private async Task<(string PartnerId, HttpClient Client)> PartnerClientAsync()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var key = (await Api.PostAsync("/api/v1/keys", new { role = "partner", name = "Ada", programId, partnerId }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        return (partnerId, App.CreateClientWithKey(key));
    }
}
