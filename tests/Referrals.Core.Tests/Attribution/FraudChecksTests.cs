using Referrals.Core.Attribution;

namespace Referrals.Core.Tests.Attribution;

public class FraudChecksTests
{
    [Fact]
    public void A_customer_with_the_partners_email_hash_is_a_self_referral()
    {
        var conversion = Sample.Conversion() with { CustomerEmailHash = "hash-of-ada" };

        var reasons = FraudChecks.Check(conversion, Sample.Partner(), "hash-of-ada", click: null);

        Assert.Contains(reasons, reason => reason.StartsWith("self-referral", StringComparison.Ordinal));
    }

    [Fact]
    public void A_customer_id_equal_to_the_partners_email_is_a_self_referral()
    {
        var conversion = Sample.Conversion() with { CustomerId = "ADA@example.com " };

        Assert.Single(FraudChecks.Check(conversion, Sample.Partner(), null, click: null));
    }

    [Fact]
    public void A_conversion_from_the_clicks_visitor_within_seconds_is_flagged()
    {
        var click = Sample.Click(Sample.Now.AddSeconds(-5), visitorHash: "v1");
        var conversion = Sample.Conversion() with { CustomerIpHash = "v1" };

        var reason = Assert.Single(FraudChecks.Check(conversion, Sample.Partner(), null, click));

        Assert.Contains("same visitor", reason, StringComparison.Ordinal);
        Assert.Contains("5 seconds apart", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_visitor_converting_a_day_later_is_not_flagged()
    {
        var click = Sample.Click(Sample.Now.AddDays(-1), visitorHash: "v1");
        var conversion = Sample.Conversion() with { CustomerIpHash = "v1" };

        Assert.Empty(FraudChecks.Check(conversion, Sample.Partner(), null, click));
    }

    [Fact]
    public void Another_customer_from_another_visitor_is_not_flagged()
    {
        var click = Sample.Click(Sample.Now.AddSeconds(-5), visitorHash: "v1");
        var conversion = Sample.Conversion() with { CustomerIpHash = "v2", CustomerEmailHash = "someone" };

        Assert.Empty(FraudChecks.Check(conversion, Sample.Partner(), "hash-of-ada", click));
    }
}
