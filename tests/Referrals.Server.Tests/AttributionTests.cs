using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>Customer locks, registered leads, fraud flags and their review, through real HTTP over Azurite.</summary>
public sealed class AttributionTests : ServerTest
{
    /// <summary>The address every test request comes from (the test host has no real connection).</summary>
    private const string VisitorIp = "203.0.113.7";

    [Fact]
    public async Task A_renewal_without_click_or_code_goes_to_the_partner_who_brought_the_customer()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 10 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "ADA10" }, HttpStatusCode.Created);
        await AttributedAsync(programId, await RecordAsync(programId, new { eventId = "sale-1", type = "sale", amount = 10_000, currency = "EUR", customerId = "cus_77", code = "ADA10" }));

        var renewal = await AttributedAsync(programId, await RecordAsync(programId, new { eventId = "renewal-1", type = "renewal", amount = 10_000, currency = "EUR", customerId = "cus_77" }));

        Assert.Equal("customerLock", renewal.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(partnerId, renewal.GetProperty("attribution").GetProperty("partnerId").GetString());
        Assert.StartsWith($"Customer lock: first brought by partner {partnerId} on ", renewal.GetProperty("attribution").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var commission = await Api.GetAsync($"/api/v1/programs/{programId}/commissions/{renewal.GetProperty("commissionId").GetString()}");
        Assert.Equal("customerLock", commission.GetProperty("attributionMethod").GetString());
        Assert.Equal(1_000, commission.GetProperty("commission").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_sale_of_a_registered_lead_goes_to_the_partner_who_registered_it()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "flat", amount = 700 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var lead = await Api.PostAsync($"/api/v1/programs/{programId}/leads", new { partnerId, email = "Grace@Example.com" }, HttpStatusCode.Created);
        Assert.True(lead.GetProperty("hasEmail").GetBoolean());
        Assert.DoesNotContain("grace", lead.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var sale = await AttributedAsync(programId, await RecordAsync(programId, new { eventId = "sale-2", type = "sale", amount = 5_000, currency = "EUR", customerId = "cus_88", customerEmail = "grace@example.com " }));

        Assert.Equal("registeredLead", sale.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(partnerId, sale.GetProperty("attribution").GetProperty("partnerId").GetString());
        Assert.StartsWith("Registered lead:", sale.GetProperty("attribution").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_without_customer_id_or_email_is_refused()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);

        await Api.PostAsync($"/api/v1/programs/{programId}/leads", new { partnerId }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_self_referral_is_flagged_and_an_approval_makes_it_pending()
    {
        var (programId, commissionId) = await SelfReferralAsync();

        var flagged = await Api.GetAsync($"/api/v1/programs/{programId}/commissions/{commissionId}");
        Assert.Equal("flagged", flagged.GetProperty("commission").GetProperty("status").GetString());
        Assert.Contains("self-referral", flagged.GetProperty("flag").GetString(), StringComparison.Ordinal);

        var reviewed = await Api.PostAsync($"/api/v1/programs/{programId}/commissions/{commissionId}/review", new { decision = "approve", reason = "Ada's partner account buys for her team" }, HttpStatusCode.OK);

        Assert.Equal("pending", reviewed.GetProperty("commission").GetProperty("status").GetString());
        Assert.Equal("approve", reviewed.GetProperty("review").GetProperty("decision").GetString());
        Assert.Equal("Ada's partner account buys for her team", reviewed.GetProperty("review").GetProperty("reason").GetString());
        Assert.Contains("admin", reviewed.GetProperty("review").GetProperty("reviewedBy").GetString(), StringComparison.Ordinal);
        var stored = await Api.GetAsync($"/api/v1/programs/{programId}/commissions/{commissionId}");
        Assert.Equal("pending", stored.GetProperty("commission").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejected_self_referral_is_rejected_and_cannot_be_reviewed_again()
    {
        var (programId, commissionId) = await SelfReferralAsync();

        var reviewed = await Api.PostAsync($"/api/v1/programs/{programId}/commissions/{commissionId}/review", new { decision = "reject", reason = "buys through own link" }, HttpStatusCode.OK);
        var again = await Api.PostAsync($"/api/v1/programs/{programId}/commissions/{commissionId}/review", new { decision = "approve", reason = "changed my mind" }, HttpStatusCode.Conflict);

        Assert.Equal("rejected", reviewed.GetProperty("commission").GetProperty("status").GetString());
        Assert.Contains("not flagged", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await Api.GetAsync($"/api/v1/programs/{programId}/commissions/{commissionId}");
        Assert.Equal("rejected", stored.GetProperty("commission").GetProperty("status").GetString());
        Assert.Equal("buys through own link", stored.GetProperty("review").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_conversion_from_the_clicking_visitor_seconds_later_is_flagged()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);

        var sale = await AttributedAsync(programId, await RecordAsync(programId, new { eventId = "sale-3", type = "sale", amount = 8_000, currency = "EUR", customerId = "cus_99", clickId, customerIp = VisitorIp }));

        Assert.Equal("click", sale.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Contains("same visitor", sale.GetProperty("attribution").GetProperty("flag").GetString(), StringComparison.Ordinal);
        var commission = await Api.GetAsync($"/api/v1/programs/{programId}/commissions/{sale.GetProperty("commissionId").GetString()}");
        Assert.Equal("flagged", commission.GetProperty("commission").GetProperty("status").GetString());
        Assert.DoesNotContain(VisitorIp, (await Api.GetAsync($"/api/v1/programs/{programId}/conversions/{sale.GetProperty("id").GetString()}")).GetRawText(), StringComparison.Ordinal);
    }

    protected override ReferralsApp CreateApp(AzuriteFixture azurite) =>
        new(azurite, services: services => services.AddSingleton<IStartupFilter, FixedRemoteAddress>());

    private async Task<(string ProgramId, string CommissionId)> SelfReferralAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId, email: "ada@example.com");
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "ADASELF" }, HttpStatusCode.Created);
        var sale = await AttributedAsync(programId, await RecordAsync(programId, new { eventId = "self-1", type = "sale", amount = 10_000, currency = "EUR", customerId = "cus_ada", customerEmail = "ADA@example.com", code = "ADASELF" }));
        return (programId, sale.GetProperty("commissionId").GetString()!);
    }

    private async Task<string> RecordAsync(string programId, object body) =>
        (await Api.PostAsync($"/api/v1/programs/{programId}/conversions", body, HttpStatusCode.Accepted)).GetProperty("conversionId").GetString()!;

    private Task<JsonElement> AttributedAsync(string programId, string conversionId) => Api.AttributedConversionAsync(programId, conversionId);

    /// <summary>Gives every request of the test host the same client address, as a real visitor's connection would have.</summary>
    private sealed class FixedRemoteAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(VisitorIp);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
