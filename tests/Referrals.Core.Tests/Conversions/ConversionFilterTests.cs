using Referrals.Core.Attribution;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Conversions;

public sealed class ConversionFilterTests
{
    [Fact]
    public void The_time_range_includes_its_start_and_excludes_its_end()
    {
        var conversion = Sample.Conversion(occurredAt: Sample.Now);

        Assert.True(new ConversionFilter(From: Sample.Now).Matches(conversion));
        Assert.False(new ConversionFilter(To: Sample.Now).Matches(conversion));
        Assert.True(new ConversionFilter(Sample.Now.AddDays(-1), Sample.Now.AddTicks(1)).Matches(conversion));
    }

    [Fact]
    public void Status_and_partner_follow_the_attribution_decision()
    {
        var waiting = Sample.Conversion();
        var attributed = waiting with { Attribution = new AttributionDecision(AttributionMethod.ReferralCode, Sample.PartnerId, null, "Referral code used.", Sample.Now) };

        Assert.Equal(ConversionStatus.AwaitingAttribution, ConversionFilter.StatusOf(waiting));
        Assert.Equal(ConversionStatus.Attributed, ConversionFilter.StatusOf(attributed));
        Assert.True(new ConversionFilter(Status: ConversionStatus.Attributed, PartnerId: Sample.PartnerId).Matches(attributed));
        Assert.False(new ConversionFilter(PartnerId: Sample.PartnerId).Matches(waiting));
        Assert.False(new ConversionFilter(Source: "stripe").Matches(attributed));
    }
}
