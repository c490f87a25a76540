using System.Net;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>A renewal that arrives while its customer's first sale is still being attributed waits for it and gets the customer lock.</summary>
public sealed class CustomerLockRaceTests : ServerTest
{
    public static TheoryData<string> Deliveries => new() { "sale then renewal", "renewal then sale", "concurrently" };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task Renewal_close_behind_the_first_sale_stays_with_the_partner_who_brought_the_customer(string delivery)
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 10 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        var path = $"/api/v1/programs/{programId}/conversions";
        Task<JsonElement> Sale() => Api.PostAsync(path, new { eventId = "sale-1", type = "sale", amount = 10_000, currency = "EUR", customerId = "cus_race", clickId }, HttpStatusCode.Accepted);
        Task<JsonElement> Renewal() => Api.PostAsync(path, new { eventId = "renewal-1", type = "renewal", amount = 10_000, currency = "EUR", customerId = "cus_race" }, HttpStatusCode.Accepted);

        JsonElement renewal;
        switch (delivery)
        {
            case "sale then renewal":
                await Sale();
                renewal = await Renewal();
                break;
            case "renewal then sale":
                renewal = await Renewal();
                await Sale();
                break;
            default:
                var both = await Task.WhenAll(Sale(), Renewal());
                renewal = both[1];
                break;
        }

        var decided = await Api.AttributedConversionAsync(programId, renewal.GetProperty("conversionId").GetString()!);
        Assert.Equal("customerLock", decided.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(partnerId, decided.GetProperty("attribution").GetProperty("partnerId").GetString());
        var commissions = (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray().ToArray();
        Assert.Equal(2, commissions.Length);
        Assert.All(commissions, c => Assert.Equal(partnerId, c.GetProperty("partnerId").GetString()));
    }
}
