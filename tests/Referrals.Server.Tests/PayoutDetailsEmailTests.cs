using System.Net;
using System.Net.Http.Json;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>A change of payout details is e-mailed to the partner, over a real SMTP server.</summary>
public sealed class PayoutDetailsEmailTests : ServerTest, IDisposable
{
    private readonly SmtpCapture _smtp = new();

    protected override ReferralsApp CreateApp(AzuriteFixture azurite) =>
        new(azurite, new Dictionary<string, string?>(_smtp.Settings) { ["Referrals:PublicBaseUrl"] = "https://partners.example.com" });

    public void Dispose() => _smtp.Dispose();

    [Fact]
    public async Task Changed_payout_details_reach_the_partner_by_email_with_a_portal_link_and_without_the_details()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var partner = (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("email").GetString()!;
        var key = (await Api.PostAsync("/api/v1/keys", new { role = "partner", name = "Ada", programId, partnerId }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var client = App.CreateClientWithKey(key);

        using var put = await client.PutAsJsonAsync($"/api/v1/partners/{partnerId}/payout-details", new { method = "bank", iban = "DE89 3704 0044 0532 0130 00", accountHolder = "Ada Lovelace" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var message = await _smtp.WaitForAsync(partner, "your payout details changed");
        Assert.Contains("https://partners.example.com/portal", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("0532013000", message.TextBody, StringComparison.Ordinal);
    }
}
