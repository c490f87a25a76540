using System.Net;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Plan kinds, overrides and the second tier, from the program's plan JSON to the stored commission.</summary>
public sealed class CommissionPlanTests : ServerTest
{
    [Fact]
    public async Task A_qualified_lead_earns_the_flat_lead_amount()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "lead", amount = 200 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "LEADS1" }, HttpStatusCode.Created);

        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "signup-1", type = "lead", currency = "EUR", customerId = "cus_lead", code = "LEADS1" },
            HttpStatusCode.Accepted);
        await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray());
        Assert.Equal(partnerId, commission.GetProperty("partnerId").GetString());
        Assert.Equal(200, commission.GetProperty("amount").GetInt64());
        Assert.Equal("lead", commission.GetProperty("rule").GetString());
        Assert.Equal(1, commission.GetProperty("planVersion").GetInt32());
        Assert.Equal("Flat 2.00 EUR per qualified lead.", commission.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task A_product_override_beats_the_plan_rate()
    {
        var programId = await Api.CreateProgramAsync(new
        {
            kind = "percent",
            percent = 20,
            overrides = new object[] { new { productId = "pro", percent = 30 }, new { category = "hardware", amount = 500 } },
            productCategories = new Dictionary<string, string> { ["drill"] = "hardware" },
        });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "PRO1" }, HttpStatusCode.Created);

        await SaleAsync(programId, "order-pro", 12_345, "PRO1", "pro");
        await SaleAsync(programId, "order-drill", 12_345, "PRO1", "drill");
        await SaleAsync(programId, "order-basic", 12_345, "PRO1", "basic");

        var commissions = (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()
            .ToDictionary(commission => commission.GetProperty("explanation").GetString()!, commission => commission.GetProperty("amount").GetInt64());
        Assert.Equal(3_704, commissions["30% of 123.45 EUR (the rate for product 'pro') = 37.04 EUR."]);
        Assert.Equal(500, commissions["Flat 5.00 EUR per sale (sale of 123.45 EUR; the rate for the 'hardware' category)."]);
        Assert.Equal(2_469, commissions["20% of 123.45 EUR = 24.69 EUR."]);
    }

    [Fact]
    public async Task The_introducing_partner_earns_its_second_tier_share()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20, secondTierPercent = 10 });
        var introducerId = await Api.CreatePartnerAsync(programId, "grace@example.com");
        var introducedId = (await Api.PostAsync(
                $"/api/v1/programs/{programId}/partners",
                new { name = "Alan", email = "alan@example.com", type = "affiliate", introducedBy = introducerId },
                HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId = introducedId, code = "ALAN1" }, HttpStatusCode.Created);

        await SaleAsync(programId, "order-alan", 12_345, "ALAN1", null);

        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={introducerId}")).EnumerateArray());
        Assert.Equal(247, commission.GetProperty("amount").GetInt64());
        Assert.Equal(2_469, commission.GetProperty("baseAmount").GetInt64());
        Assert.Equal("secondTier", commission.GetProperty("rule").GetString());
        Assert.Equal("10% of the 24.69 EUR commission earned by Alan, a partner you introduced = 2.47 EUR.", commission.GetProperty("explanation").GetString());
        Assert.Equal(2_469, Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={introducedId}")).EnumerateArray()).GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Closing_a_month_pays_the_tier_reached_once()
    {
        var programId = await Api.CreateProgramAsync(new
        {
            kind = "percent",
            percent = 10,
            tiers = new object[] { new { percent = 10 }, new { fromRevenue = 10_000, percent = 15 } },
        });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "TIER1" }, HttpStatusCode.Created);
        await SaleAsync(programId, "order-t1", 6_000, "TIER1", null);
        await SaleAsync(programId, "order-t2", 6_000, "TIER1", null);
        var period = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var first = await Api.PostAsync($"/api/v1/programs/{programId}/tiers/close", new { period }, HttpStatusCode.OK);
        var again = await Api.PostAsync($"/api/v1/programs/{programId}/tiers/close", new { period }, HttpStatusCode.OK);

        var line = Assert.Single(first.GetProperty("lines").EnumerateArray());
        Assert.Equal(600, line.GetProperty("amount").GetInt64());
        Assert.Equal("tier", line.GetProperty("rule").GetString());
        Assert.Equal(line.GetProperty("id").GetString(), Assert.Single(again.GetProperty("lines").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(3, (await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={partnerId}")).GetArrayLength());
    }

    [Fact]
    public async Task A_partner_introduced_by_an_unknown_partner_is_refused()
    {
        var programId = await Api.CreateProgramAsync();

        var problem = await Api.PostAsync(
            $"/api/v1/programs/{programId}/partners",
            new { name = "Alan", email = "alan@example.com", type = "affiliate", introducedBy = "prt_nobody" },
            HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("introducedBy", out _));
    }

    private async Task<JsonElement> SaleAsync(string programId, string eventId, long amount, string code, string? productId)
    {
        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId, type = "sale", amount, currency = "EUR", customerId = "cus_" + eventId, code, productId },
            HttpStatusCode.Accepted);
        return await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);
    }
}
