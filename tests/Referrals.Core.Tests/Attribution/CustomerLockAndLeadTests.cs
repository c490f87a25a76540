using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Leads;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Attribution;

public class CustomerLockAndLeadTests
{
    private static readonly DateTimeOffset DecidedAt = Sample.Now.AddMinutes(1);
    private static readonly CustomerLock AdaLock = new(Sample.ProgramId, "cus_42", Sample.PartnerId, new DateTimeOffset(2024, 11, 2, 9, 0, 0, TimeSpan.Zero), "cv_first");
    private static readonly Lead BobLead = new(Sample.ProgramId, Sample.OtherPartnerId, "cus_42", null, Sample.Now.AddDays(-2));

    [Fact]
    public void A_renewal_without_click_or_code_goes_to_the_locked_partner()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal), customerLock: AdaLock);

        Assert.Equal(AttributionMethod.CustomerLock, decision.Method);
        Assert.Equal(Sample.PartnerId, decision.PartnerId);
        Assert.StartsWith("Customer lock: first brought by partner prt_ada on 2024-11-02", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renewal_within_the_plans_recurring_months_goes_to_the_locked_partner()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal), customerLock: AdaLock, recurringMonths: 12);

        Assert.Equal(AttributionMethod.CustomerLock, decision.Method);
        Assert.Contains("kept for 12 months", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renewal_after_the_plans_recurring_months_is_not_credited_by_the_lock()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal), customerLock: AdaLock, recurringMonths: 3);

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.Contains("the customer lock of partner prt_ada from 2024-11-02 ended after 3 months", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_sale_without_click_or_code_is_not_credited_by_the_lock()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Sale), customerLock: AdaLock);

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
    }

    [Fact]
    public void A_referral_code_comes_before_the_customer_lock()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal, code: "SPRING25"), code: Sample.Code(), customerLock: AdaLock);

        Assert.Equal(AttributionMethod.ReferralCode, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
    }

    [Fact]
    public void The_customer_lock_comes_before_a_registered_lead()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal), customerLock: AdaLock, lead: BobLead);

        Assert.Equal(AttributionMethod.CustomerLock, decision.Method);
        Assert.Equal(Sample.PartnerId, decision.PartnerId);
    }

    [Fact]
    public void A_lock_of_a_suspended_partner_falls_through_to_the_registered_lead()
    {
        var decision = Decide(Sample.Conversion(ConversionType.Renewal), customerLock: AdaLock, lead: BobLead, adaStatus: PartnerStatus.Suspended);

        Assert.Equal(AttributionMethod.RegisteredLead, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
        Assert.Contains("partner prt_ada is suspended", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_lead_credits_its_partner_with_the_reason()
    {
        var decision = Decide(Sample.Conversion(), lead: BobLead);

        Assert.Equal(AttributionMethod.RegisteredLead, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
        Assert.StartsWith("Registered lead: partner prt_bob registered this customer on 2025-03-12", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_registered_after_the_conversion_does_not_credit()
    {
        var decision = Decide(Sample.Conversion(), lead: BobLead with { RegisteredAt = Sample.Now.AddDays(1) });

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.Contains("only after the conversion", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Last_click_credits_the_click_even_when_the_customer_is_locked_to_another_partner()
    {
        var click = Sample.Click(Sample.Now.AddDays(-1), partnerId: Sample.OtherPartnerId);

        var decision = Decide(Sample.Conversion(clickId: click.Id.ToString()), click: click, customerLock: AdaLock);

        Assert.Equal(AttributionMethod.Click, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
    }

    [Fact]
    public void First_click_keeps_the_partner_who_first_brought_the_customer()
    {
        var click = Sample.Click(Sample.Now.AddDays(-1), partnerId: Sample.OtherPartnerId);

        var decision = Decide(Sample.Conversion(clickId: click.Id.ToString()), click: click, customerLock: AdaLock, model: AttributionModel.FirstClick);

        Assert.Equal(AttributionMethod.CustomerLock, decision.Method);
        Assert.Equal(Sample.PartnerId, decision.PartnerId);
        Assert.Contains("First click: first brought by partner prt_ada on 2024-11-02", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("not clicks before it", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void First_click_without_an_earlier_partner_credits_the_given_click()
    {
        var click = Sample.Click(Sample.Now.AddDays(-1), partnerId: Sample.OtherPartnerId);

        var decision = Decide(Sample.Conversion(clickId: click.Id.ToString()), click: click, model: AttributionModel.FirstClick);

        Assert.Equal(AttributionMethod.Click, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
    }

    private static AttributionDecision Decide(
        Conversion conversion,
        Click? click = null,
        Core.Links.ReferralCode? code = null,
        CustomerLock? customerLock = null,
        Lead? lead = null,
        AttributionModel model = AttributionModel.LastClick,
        PartnerStatus adaStatus = PartnerStatus.Active,
        int? recurringMonths = null)
    {
        var partners = new Dictionary<string, Partner>
        {
            [Sample.PartnerId] = Sample.Partner(status: adaStatus),
            [Sample.OtherPartnerId] = Sample.Partner(Sample.OtherPartnerId),
        };
        var program = Sample.Program() with { AttributionModel = model };
        program = program with { Plan = program.Plan with { RecurringMonths = recurringMonths } };
        return AttributionPolicy.Decide(conversion, program, new AttributionEvidence(click, code, partners, customerLock, lead), DecidedAt);
    }
}
