using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Validation;

namespace Referrals.Core.Tests.OutboundWebhooks;

/// <summary>The signature format, the retry schedule, endpoint rules and secret rotation.</summary>
public sealed class OutboundWebhookRulesTests
{
    [Fact]
    public void The_signature_matches_the_Standard_Webhooks_test_vector()
    {
        // The example of the Standard Webhooks reference libraries.
        var signature = StandardWebhookSigner.Sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            DateTimeOffset.FromUnixTimeSeconds(1614265330),
            "{\"test\": 2432232314}",
            ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Two_secrets_give_two_space_separated_signatures()
    {
        var signature = StandardWebhookSigner.Sign("msg_1", DateTimeOffset.UnixEpoch, "{}", [WebhookSecret.Generate(), WebhookSecret.Generate()]);

        var parts = signature.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.All(parts, part => Assert.StartsWith("v1,", part, StringComparison.Ordinal));
        Assert.NotEqual(parts[0], parts[1]);
    }

    [Fact]
    public void A_rotated_out_secret_signs_for_24_hours_only()
    {
        var now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var endpoint = new WebhookEndpoint("whe_1", "prg_1", "https://hooks.example.com", ["commission.created"], null, true, "whsec_AAAA", now);

        var rotated = endpoint.Rotate("whsec_BBBB", now);

        Assert.Equal(["whsec_BBBB", "whsec_AAAA"], rotated.SigningSecrets(now.AddHours(23)));
        Assert.Equal(["whsec_BBBB"], rotated.SigningSecrets(now.AddHours(24)));
    }

    [Fact]
    public void The_default_schedule_waits_5s_5min_30min_2h_5h_10h_10h_then_gives_up()
    {
        var schedule = RetrySchedule.Default;

        Assert.Equal(8, schedule.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(30), schedule.DelayAfter(3));
        Assert.Equal(TimeSpan.FromHours(10), schedule.DelayAfter(7));
        Assert.Null(schedule.DelayAfter(8));
    }

    [Theory]
    [InlineData("https://hooks.example.com/referrals", false, true)]
    [InlineData("https://93.184.215.14/hooks", false, true)]
    [InlineData("http://hooks.example.com/referrals", false, false)]
    [InlineData("http://hooks.example.com/referrals", true, false)]
    [InlineData("http://127.0.0.1:5000/hooks", true, true)]
    [InlineData("http://localhost:5000/hooks", true, true)]
    [InlineData("http://127.0.0.1:5000/hooks", false, false)]
    [InlineData("https://localhost/hooks", false, false)]
    [InlineData("https://app.localhost/hooks", false, false)]
    [InlineData("https://192.168.0.10/hooks", false, false)]
    [InlineData("https://[fd00::1]/hooks", false, false)]
    [InlineData("https://user:secret@hooks.example.com/", false, false)]
    [InlineData("https://hooks.example.com/#fragment", false, false)]
    [InlineData("ftp://hooks.example.com/", true, false)]
    [InlineData("/relative", true, false)]
    [InlineData("", true, false)]
    public void Endpoint_urls_are_https_and_public_unless_private_networks_are_allowed(string url, bool allowPrivateNetworks, bool accepted)
    {
        var errors = new ValidationErrors();

        WebhookEndpointRules.CheckUrl(url, allowPrivateNetworks, errors);

        Assert.Equal(accepted, errors.IsEmpty);
    }

    [Fact]
    public void Only_catalog_events_may_be_subscribed_and_ping_is_not_one()
    {
        Assert.True(Check(["commission.created", "payout_run.paid"]).IsEmpty);
        Assert.False(Check([]).IsEmpty);
        Assert.False(Check(["ping"]).IsEmpty);
        Assert.False(Check(["commission.created", "order.created"]).IsEmpty);
        Assert.Equal(10, WebhookEventTypes.All.Count);

        static ValidationErrors Check(string[] events)
        {
            var errors = new ValidationErrors();
            WebhookEndpointRules.CheckEvents(events, errors);
            return errors;
        }
    }

    [Fact]
    public void The_same_fact_gets_the_same_webhook_id_and_another_type_another()
    {
        Assert.Equal(WebhookEvent.IdFor("commission.created", "cm_1"), WebhookEvent.IdFor("commission.created", "cm_1"));
        Assert.NotEqual(WebhookEvent.IdFor("commission.created", "cm_1"), WebhookEvent.IdFor("commission.flagged", "cm_1"));
        Assert.NotEqual(WebhookEvent.IdFor("commission.created", "cm_1"), WebhookEvent.IdFor("commission.created", "cm_2"));
    }
}
