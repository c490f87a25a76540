using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Webhooks;

namespace Referrals.Core.Tests.Webhooks;

public class WebhookSignatureTests
{
    private const string StripeSecret = "whsec_test_secret_0123456789abcdef";
    private const string StripeBody = "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}";

    // Computed independently: printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac '<secret>'
    private const string StripeVector = "a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a";

    // Paddle's documented example secret key and timestamp; printf '%s' '1671552777:<body>' | openssl dgst -sha256 -hmac '<secret>'
    private const string PaddleSecret = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI";
    private const string PaddleBody = "{\"event_id\":\"evt_01gks14ge726w50ch2tmaw2a1x\",\"event_type\":\"transaction.completed\"}";
    private const string PaddleVector = "a5c60fd0373200dee9a53505d517b9210c97ecd092b0dd1d8d8e1f7bab7e2656";

    private const string GenericSecret = "generic-secret-0123456789";
    private const string GenericBody = "{\"eventId\":\"order-1\",\"type\":\"sale\"}";
    private const string GenericVector = "3eed59f3dfe946a50fc665f22cf6af7f2768fde32ba66f11b9a46b97152eefc3";

    private static readonly DateTimeOffset StripeTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly DateTimeOffset PaddleTime = DateTimeOffset.FromUnixTimeSeconds(1_671_552_777);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Stripe_fixed_vector_verifies()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Stripe, $"t=1700000000,v1={StripeVector}", Bytes(StripeBody), StripeSecret, StripeTime);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Stripe_header_is_created_as_Stripe_creates_it()
    {
        Assert.Equal($"t=1700000000,v1={StripeVector}", WebhookSignature.CreateHeader(WebhookProvider.Stripe, Bytes(StripeBody), StripeSecret, 1_700_000_000));
    }

    [Fact]
    public void Paddle_fixed_vector_verifies()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Paddle, $"ts=1671552777;h1={PaddleVector}", Bytes(PaddleBody), PaddleSecret, PaddleTime);

        Assert.Equal(SignatureCheck.Valid, check);
        Assert.Equal($"ts=1671552777;h1={PaddleVector}", WebhookSignature.CreateHeader(WebhookProvider.Paddle, Bytes(PaddleBody), PaddleSecret, 1_671_552_777));
    }

    [Fact]
    public void Generic_fixed_vector_verifies()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Generic, $"t=1700000000,v1={GenericVector}", Bytes(GenericBody), GenericSecret, StripeTime);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Any_of_several_v1_signatures_may_match_and_v0_is_ignored()
    {
        var other = new string('0', 64);
        var header = $"t=1700000000,v1={other},v1={StripeVector},v0={other}";

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(WebhookProvider.Stripe, header, Bytes(StripeBody), StripeSecret, StripeTime));
    }

    [Fact]
    public void Paddle_accepts_any_of_several_h1_signatures_during_rotation()
    {
        var header = $"ts=1671552777;h1={new string('a', 64)};h1={PaddleVector}";

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(WebhookProvider.Paddle, header, Bytes(PaddleBody), PaddleSecret, PaddleTime));
    }

    [Fact]
    public void Only_a_v0_signature_is_malformed_for_Stripe()
    {
        var header = $"t=1700000000,v0={StripeVector}";

        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(WebhookProvider.Stripe, header, Bytes(StripeBody), StripeSecret, StripeTime));
    }

    [Fact]
    public void Altered_body_is_a_mismatch()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Stripe, $"t=1700000000,v1={StripeVector}", Bytes(StripeBody.Replace("evt_1", "evt_2", StringComparison.Ordinal)), StripeSecret, StripeTime);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Wrong_secret_is_a_mismatch()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Stripe, $"t=1700000000,v1={StripeVector}", Bytes(StripeBody), StripeSecret + "x", StripeTime);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Signature_of_another_timestamp_is_a_mismatch()
    {
        var check = WebhookSignature.Verify(WebhookProvider.Stripe, $"t=1700000001,v1={StripeVector}", Bytes(StripeBody), StripeSecret, StripeTime);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Stripe_payload_separator_is_a_dot_and_Paddle_a_colon()
    {
        var stripeLike = WebhookSignature.CreateHeader(WebhookProvider.Generic, Bytes(PaddleBody), PaddleSecret, 1_671_552_777)["t=1671552777,v1=".Length..];

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(WebhookProvider.Paddle, $"ts=1671552777;h1={stripeLike}", Bytes(PaddleBody), PaddleSecret, PaddleTime));
    }

    [Theory]
    [InlineData(300, SignatureCheck.Valid)]
    [InlineData(-300, SignatureCheck.Valid)]
    [InlineData(301, SignatureCheck.Stale)]
    [InlineData(-301, SignatureCheck.Stale)]
    [InlineData(86_400, SignatureCheck.Stale)]
    public void Stripe_allows_300_seconds_either_way(int secondsLater, SignatureCheck expected)
    {
        var check = WebhookSignature.Verify(WebhookProvider.Stripe, $"t=1700000000,v1={StripeVector}", Bytes(StripeBody), StripeSecret, StripeTime.AddSeconds(secondsLater));

        Assert.Equal(expected, check);
    }

    [Theory]
    [InlineData(5, SignatureCheck.Valid)]
    [InlineData(6, SignatureCheck.Stale)]
    [InlineData(-6, SignatureCheck.Stale)]
    public void Paddle_allows_five_seconds_as_its_SDKs_do(int secondsLater, SignatureCheck expected)
    {
        var check = WebhookSignature.Verify(WebhookProvider.Paddle, $"ts=1671552777;h1={PaddleVector}", Bytes(PaddleBody), PaddleSecret, PaddleTime.AddSeconds(secondsLater));

        Assert.Equal(expected, check);
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("   ", SignatureCheck.Missing)]
    [InlineData("v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    [InlineData("t=1700000000", SignatureCheck.Malformed)]
    [InlineData("t=1700000000,v1=", SignatureCheck.Malformed)]
    [InlineData("t=1700000000,v1=xyz", SignatureCheck.Malformed)]
    [InlineData("t=1700000000,v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4", SignatureCheck.Malformed)]
    [InlineData("t=abc,v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    [InlineData("t=-1700000000,v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    [InlineData("t=1700000000,t=1700000000,v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    [InlineData("t=99999999999999999999,v1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    [InlineData("garbage", SignatureCheck.Malformed)]
    [InlineData("ts=1700000000;h1=a723293e5bd4496da485dec1069365ebae237cdae65c1d5a126979dac5377c4a", SignatureCheck.Malformed)]
    public void Malformed_or_missing_Stripe_headers_are_refused(string? header, SignatureCheck expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(WebhookProvider.Stripe, header, Bytes(StripeBody), StripeSecret, StripeTime));
    }

    [Property]
    public Property Any_body_signed_now_verifies_and_any_changed_byte_does_not() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(bytes => bytes.Length > 0).ToArbitrary(),
            Gen.Elements(WebhookProvider.Stripe, WebhookProvider.Paddle, WebhookProvider.Generic).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (body, provider, seed) =>
            {
                var header = WebhookSignature.CreateHeader(provider, body, StripeSecret, StripeTime.ToUnixTimeSeconds());
                var altered = (byte[])body.Clone();
                altered[seed % altered.Length] ^= (byte)(1 + (seed % 255));

                return WebhookSignature.Verify(provider, header, body, StripeSecret, StripeTime) == SignatureCheck.Valid
                    && WebhookSignature.Verify(provider, header, altered, StripeSecret, StripeTime) == SignatureCheck.Mismatch;
            });
}
