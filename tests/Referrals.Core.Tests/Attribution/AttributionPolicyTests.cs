using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Attribution;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Attribution;

public class AttributionPolicyTests
{
    private static readonly DateTimeOffset DecidedAt = Sample.Now.AddMinutes(1);

    [Fact]
    public void A_click_within_the_cookie_window_credits_its_partner()
    {
        var click = Sample.Click(Sample.Now.AddDays(-3));
        var conversion = Sample.Conversion(clickId: click.Id.ToString());

        var decision = Decide(conversion, click, code: null, Sample.Partner());

        Assert.Equal(AttributionMethod.Click, decision.Method);
        Assert.Equal(Sample.PartnerId, decision.PartnerId);
        Assert.Equal(click.Id.ToString(), decision.ClickId);
        Assert.Equal(DecidedAt, decision.DecidedAt);
        Assert.Contains("3 days before", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("within the 30-day cookie window", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_click_in_the_window_wins_over_a_referral_code()
    {
        var click = Sample.Click(Sample.Now.AddDays(-3));
        var conversion = Sample.Conversion(clickId: click.Id.ToString(), code: "SPRING25");

        var decision = Decide(conversion, click, Sample.Code(partnerId: Sample.OtherPartnerId), Sample.Partner(), Sample.Partner(Sample.OtherPartnerId));

        Assert.Equal(AttributionMethod.Click, decision.Method);
        Assert.Equal(Sample.PartnerId, decision.PartnerId);
    }

    [Fact]
    public void A_click_outside_the_cookie_window_falls_back_to_the_referral_code()
    {
        var click = Sample.Click(Sample.Now.AddDays(-31));
        var conversion = Sample.Conversion(clickId: click.Id.ToString(), code: "spring25");

        var decision = Decide(conversion, click, Sample.Code(partnerId: Sample.OtherPartnerId), Sample.Partner(), Sample.Partner(Sample.OtherPartnerId));

        Assert.Equal(AttributionMethod.ReferralCode, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
        Assert.Null(decision.ClickId);
        Assert.Contains("Referral code 'SPRING25' was used", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("31 days old, outside the 30-day cookie window", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_click_exactly_at_the_end_of_the_cookie_window_still_counts()
    {
        var click = Sample.Click(Sample.Now.AddDays(-30));
        var conversion = Sample.Conversion(clickId: click.Id.ToString());

        var decision = Decide(conversion, click, code: null, Sample.Partner());

        Assert.Equal(AttributionMethod.Click, decision.Method);
    }

    [Fact]
    public void A_click_a_minute_past_the_cookie_window_no_longer_counts()
    {
        var click = Sample.Click(Sample.Now.AddDays(-30).AddMinutes(-1));
        var conversion = Sample.Conversion(clickId: click.Id.ToString());

        var decision = Decide(conversion, click, code: null, Sample.Partner());

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.Contains("outside the 30-day cookie window", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cookie_window_is_the_program_s()
    {
        var click = Sample.Click(Sample.Now.AddDays(-45));
        var conversion = Sample.Conversion(clickId: click.Id.ToString());

        var decision = AttributionPolicy.Decide(conversion, Sample.Program(cookieDays: 60), Evidence(click, null, Sample.Partner()), DecidedAt);

        Assert.Equal(AttributionMethod.Click, decision.Method);
        Assert.Contains("within the 60-day cookie window", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bot", "was made by a bot, crawler or prefetch")]
    [InlineData("other program", "belongs to another program")]
    [InlineData("unknown", "was not found")]
    [InlineData("suspended partner", "partner prt_ada is suspended")]
    [InlineData("pending partner", "partner prt_ada is pending")]
    [InlineData("deleted partner", "partner prt_ada no longer exists")]
    [InlineData("after the conversion", "happened after the conversion")]
    public void A_click_that_cannot_count_falls_through_to_the_code_with_its_reason(string problem, string reason)
    {
        var click = problem switch
        {
            "bot" => Sample.Click(Sample.Now.AddDays(-1), isBot: true),
            "other program" => Sample.Click(Sample.Now.AddDays(-1), programId: "prg_other"),
            "after the conversion" => Sample.Click(Sample.Now.AddMinutes(10)),
            _ => Sample.Click(Sample.Now.AddDays(-1)),
        };
        var partners = problem switch
        {
            "suspended partner" => [Sample.Partner(status: PartnerStatus.Suspended)],
            "pending partner" => [Sample.Partner(status: PartnerStatus.Pending)],
            "deleted partner" => Array.Empty<Partner>(),
            _ => [Sample.Partner()],
        };
        var conversion = Sample.Conversion(clickId: click.Id.ToString(), code: "SPRING25");
        var evidence = Evidence(problem == "unknown" ? null : click, Sample.Code(), [.. partners, Sample.Partner(Sample.OtherPartnerId)]);

        var decision = AttributionPolicy.Decide(conversion, Sample.Program(), evidence, DecidedAt);

        Assert.Equal(AttributionMethod.ReferralCode, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
        var expected = reason.StartsWith("partner", StringComparison.Ordinal) ? reason : $"click {click.Id} {reason}";
        Assert.Contains($"Not by click: {expected}.", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_click_stamped_slightly_after_the_conversion_still_counts()
    {
        var click = Sample.Click(Sample.Now.AddMinutes(4));
        var conversion = Sample.Conversion(clickId: click.Id.ToString());

        var decision = Decide(conversion, click, code: null, Sample.Partner());

        Assert.Equal(AttributionMethod.Click, decision.Method);
    }

    [Fact]
    public void A_referral_code_alone_credits_its_partner()
    {
        var conversion = Sample.Conversion(code: "SPRING25");

        var decision = Decide(conversion, click: null, Sample.Code(), Sample.Partner(Sample.OtherPartnerId));

        Assert.Equal(AttributionMethod.ReferralCode, decision.Method);
        Assert.Equal(Sample.OtherPartnerId, decision.PartnerId);
        Assert.Equal("Referral code 'SPRING25' was used.", decision.Reason);
    }

    [Fact]
    public void A_referral_code_of_another_program_credits_nobody()
    {
        var conversion = Sample.Conversion(code: "SPRING25");

        var decision = Decide(conversion, click: null, Sample.Code(programId: "prg_other"), Sample.Partner(Sample.OtherPartnerId));

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.Contains("referral code 'SPRING25' is not a code of this program", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referral_code_of_a_suspended_partner_credits_nobody()
    {
        var conversion = Sample.Conversion(code: "SPRING25");

        var decision = Decide(conversion, click: null, Sample.Code(), Sample.Partner(Sample.OtherPartnerId, PartnerStatus.Suspended));

        Assert.Null(decision.PartnerId);
        Assert.Contains("partner prt_bob is suspended", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retired_referral_code_credits_nobody()
    {
        var conversion = Sample.Conversion(code: "SPRING25");

        var decision = Decide(conversion, click: null, Sample.Code() with { RetiredAt = Sample.Now.AddDays(-1) }, Sample.Partner(Sample.OtherPartnerId));

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.Null(decision.PartnerId);
        Assert.Contains("referral code 'SPRING25' was retired", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_go_by_leaves_the_conversion_unattributed_with_that_reason()
    {
        var decision = AttributionPolicy.Decide(Sample.Conversion(), Sample.Program(), AttributionEvidence.None, DecidedAt);

        Assert.Equal(AttributionMethod.Unattributed, decision.Method);
        Assert.False(decision.IsAttributed);
        Assert.Equal("No click id, referral code, customer lock or registered lead matched the conversion.", decision.Reason);
    }

    [Fact]
    public void An_unattributed_decision_gives_every_reason_in_order()
    {
        var click = Sample.Click(Sample.Now.AddDays(-40));
        var conversion = Sample.Conversion(clickId: click.Id.ToString(), code: "NOPE");

        var decision = Decide(conversion, click, code: null, Sample.Partner());

        Assert.Equal(
            $"Unattributed: click {click.Id} is 40 days old, outside the 30-day cookie window; referral code 'NOPE' is not a code of this program.",
            decision.Reason);
    }

    [Property]
    public Property A_click_counts_exactly_while_inside_the_cookie_window() =>
        Prop.ForAll(
            Gen.Choose(1, 90).ToArbitrary(),
            Gen.Choose(0, 100 * 24 * 60).ToArbitrary(),
            (cookieDays, minutesBefore) =>
            {
                var click = Sample.Click(Sample.Now.AddMinutes(-minutesBefore));
                var conversion = Sample.Conversion(clickId: click.Id.ToString());

                var decision = AttributionPolicy.Decide(conversion, Sample.Program(cookieDays), Evidence(click, null, Sample.Partner()), DecidedAt);

                var inside = TimeSpan.FromMinutes(minutesBefore) <= TimeSpan.FromDays(cookieDays);
                return (decision.Method == AttributionMethod.Click) == inside;
            });

    private static AttributionDecision Decide(Core.Conversions.Conversion conversion, Click? click, ReferralCode? code, params Partner[] partners) =>
        AttributionPolicy.Decide(conversion, Sample.Program(), Evidence(click, code, partners), DecidedAt);

    private static AttributionEvidence Evidence(Click? click, ReferralCode? code, params Partner[] partners) =>
        new(click, code, partners.ToDictionary(partner => partner.Id, StringComparer.Ordinal));
}
