using System.Text.Json;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>
/// Subscription payments through Stripe Billing: the invoice is the sale, refunds and disputes name the
/// payment intent, and <c>invoice_payment.paid</c> links the two, in whatever order they arrive.
/// </summary>
public sealed class StripeBillingTests : ServerTest
{
    private SignedWebhooks Hooks => new(Visitor);

    private async Task<(string ProgramId, string PartnerId, string ClickId)> ProgramWithClickAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        return (programId, partnerId, clickId);
    }

    private async Task<JsonElement[]> CommissionsAsync(string programId) =>
        [.. (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()];

    private async Task<JsonElement> DeliverAsync(string programId, string body) =>
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, body);

    public static TheoryData<string> Orders => new() { "invoice link refund", "invoice refund link", "refund link invoice", "link refund invoice", "refund invoice link" };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Full_refund_of_a_subscription_payment_reverses_its_commission_in_any_order(string order)
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        var events = new Dictionary<string, string>
        {
            ["invoice"] = StripeBilling.InvoicePaid("evt_inv_1", "in_1", amountPaid: 11_900, tax: 1_900, clickId: clickId),
            ["link"] = StripeBilling.InvoicePaymentPaid("evt_inpay_1", "in_1", "pi_sub_1", 11_900),
            ["refund"] = StripeBilling.ChargeRefunded("evt_ref_1", "ch_sub_1", "pi_sub_1", amount: 11_900, amountRefunded: 11_900, previouslyRefunded: 0),
        };

        var answers = new Dictionary<string, JsonElement>();
        foreach (var name in order.Split(' '))
        {
            answers[name] = await DeliverAsync(programId, events[name]);
        }

        Assert.Equal("linked", answers["link"].GetProperty("status").GetString());
        var refund = await Api.AttributedConversionAsync(programId, answers["refund"].GetProperty("conversionId").GetString()!);
        Assert.Equal("originalPayment", refund.GetProperty("attribution").GetProperty("method").GetString());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(2, commissions.Length);
        Assert.Equal(2_000, commissions.Max(c => c.GetProperty("amount").GetInt64()));
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Partial_refund_then_dispute_of_the_rest_net_a_subscription_commission_as_for_a_one_off_payment()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync();
        var sale = await DeliverAsync(programId, StripeBilling.InvoicePaid("evt_inv_2", "in_2", amountPaid: 11_900, tax: 1_900, clickId: clickId));
        await DeliverAsync(programId, StripeBilling.InvoicePaymentPaid("evt_inpay_2", "in_2", "pi_sub_2", 11_900));
        await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);

        var refund = await DeliverAsync(programId, StripeBilling.ChargeRefunded("evt_ref_2", "ch_sub_2", "pi_sub_2", amount: 11_900, amountRefunded: 2_975, previouslyRefunded: 0));
        var partial = await Api.AttributedConversionAsync(programId, refund.GetProperty("conversionId").GetString()!);
        var dispute = await DeliverAsync(programId, StripeBilling.DisputeCreated("evt_dp_2", "dp_2", "ch_sub_2", "pi_sub_2", amount: 8_925));
        var chargeback = await Api.AttributedConversionAsync(programId, dispute.GetProperty("conversionId").GetString()!);

        Assert.Equal("originalPayment", partial.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal("originalPayment", chargeback.GetProperty("attribution").GetProperty("method").GetString());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(3, commissions.Length);
        Assert.Equal(-500, commissions.Single(c => c.GetProperty("conversionId").GetString() == partial.GetProperty("id").GetString()).GetProperty("amount").GetInt64());
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("amount").GetInt64()));
        await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/partners/{partnerId}/stats"),
            s => s.GetProperty("earnings").GetInt64() == 0 && s.GetProperty("revenue").GetInt64() == 0);
    }

    [Fact]
    public async Task Dispute_before_the_link_waits_for_it_and_then_reverses_the_commission()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        var sale = await DeliverAsync(programId, StripeBilling.InvoicePaid("evt_inv_3", "in_3", amountPaid: 5_000, tax: 0, clickId: clickId));
        await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);

        var dispute = await DeliverAsync(programId, StripeBilling.DisputeCreated("evt_dp_3", "dp_3", "ch_sub_3", "pi_sub_3", amount: 5_000));
        await DeliverAsync(programId, StripeBilling.InvoicePaymentPaid("evt_inpay_3", "in_3", "pi_sub_3", 5_000));
        var chargeback = await Api.AttributedConversionAsync(programId, dispute.GetProperty("conversionId").GetString()!);

        Assert.Equal("chargeback", chargeback.GetProperty("type").GetString());
        Assert.Equal("originalPayment", chargeback.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(0, (await CommissionsAsync(programId)).Sum(c => c.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Older_invoices_that_name_their_payment_intent_are_refunded_without_a_link()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        var sale = await DeliverAsync(programId, StripeBilling.InvoicePaid("evt_inv_4", "in_4", amountPaid: 11_900, tax: 1_900, clickId: clickId, legacyPaymentIntent: "pi_old_4", legacyCharge: "ch_old_4"));
        await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);

        var refund = await DeliverAsync(programId, StripeBilling.ChargeRefunded("evt_ref_4", "ch_old_4", "pi_old_4", amount: 11_900, amountRefunded: 11_900, previouslyRefunded: 0));
        var reversal = await Api.AttributedConversionAsync(programId, refund.GetProperty("conversionId").GetString()!);

        Assert.Equal("originalPayment", reversal.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(0, (await CommissionsAsync(programId)).Sum(c => c.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Refund_of_a_payment_never_reported_is_unattributed_once_its_wait_is_over()
    {
        var (programId, _, _) = await ProgramWithClickAsync();

        var refund = await DeliverAsync(programId, StripeBilling.ChargeRefunded("evt_ref_5", "ch_none", "pi_none", amount: 1_000, amountRefunded: 1_000, previouslyRefunded: 0));
        var decided = await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/programs/{programId}/conversions/{refund.GetProperty("conversionId").GetString()}"),
            conversion => conversion.GetProperty("status").GetString() != "awaitingAttribution",
            TimeSpan.FromSeconds(40));

        Assert.Equal("unattributed", decided.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Contains("pi_none", decided.GetProperty("attribution").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await CommissionsAsync(programId));
    }
}
