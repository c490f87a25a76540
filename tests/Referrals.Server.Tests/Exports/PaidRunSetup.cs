using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Commissions;

namespace Referrals.Server.Tests.Exports;

/// <summary>
/// A program whose run is paid through the API: Ada is paid by PayPal (37.00 EUR), Bob by Wise (14.00 EUR),
/// Cy set no payout details (20.00 EUR). Their earnings are written to the ledger as attribution would.
/// </summary>
internal sealed record PaidRunSetup(string ProgramId, string RunId, string Ada, string Bob, string Cy, string FinanceKey)
{
    public const string AdaPayPal = "ada.paypal@example.com";
    public const string BobIban = "DE89370400440532013000";

    public static async Task<PaidRunSetup> StartAsync(ReferralsApp app, ApiClient api)
    {
        var (programId, ada, bob, cy) = await EarnAsync(app, api);
        var runId = (await api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var financeKey = (await api.PostAsync("/api/v1/keys", new { role = "finance", name = "Erin" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        return new PaidRunSetup(programId, runId, ada, bob, cy, financeKey);
    }

    public static async Task<PaidRunSetup> PaidAsync(ReferralsApp app, ApiClient api)
    {
        var setup = await StartAsync(app, api);
        using var finance = setup.Finance(app);
        using var decided = await finance.PostAsJsonAsync($"/api/v1/payout-runs/{setup.RunId}/decision", new { decision = "approve", reason = "Matches the ledger" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("paid", JsonDocument.Parse(await decided.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        return setup;
    }

    public HttpClient Finance(ReferralsApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateVisitorClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FinanceKey);
        return client;
    }

    private static async Task<(string ProgramId, string Ada, string Bob, string Cy)> EarnAsync(ReferralsApp app, ApiClient api)
    {
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Acme partners",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 0,
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await api.CreatePartnerAsync(programId, "ada@example.com");
        var bob = await api.CreatePartnerAsync(programId, "bob@example.com");
        var cy = await api.CreatePartnerAsync(programId, "cy@example.com");
        await SetDetailsAsync(api, ada, new { method = "payPal", payPalEmail = AdaPayPal });
        await SetDetailsAsync(api, bob, new { method = "wise", iban = "DE89 3704 0044 0532 0130 00", accountHolder = "Bob Builder" });
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        var earned = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var (partner, amount) in new[] { (ada, 2_500L), (ada, 1_200L), (bob, 1_400L), (cy, 2_000L) })
        {
            var conversionId = Identifiers.New("cv");
            await store.TryCreateAsync(
                new Commission(Commission.IdFor(conversionId), programId, partner, conversionId, CommissionStatus.Pending, new Money(amount, "EUR"), new Money(amount * 5, "EUR"), CommissionPlanKind.Percent, 20m, "sale", earned),
                default);
        }

        return (programId, ada, bob, cy);
    }

    private static async Task SetDetailsAsync(ApiClient api, string partnerId, object details)
    {
        using var put = await api.Client.PutAsJsonAsync($"/api/v1/partners/{partnerId}/payout-details", details);
        Assert.True(put.IsSuccessStatusCode, $"payout details answered {(int)put.StatusCode}");
    }
}
