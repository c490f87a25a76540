using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>One attempt of a delivery: <c>statusCode</c> is null when no answer came (<c>error</c> says why).</summary>
public sealed record WebhookAttemptResponse(int Number, DateTimeOffset At, int? StatusCode, long LatencyMilliseconds, string Response, string? Error, bool Succeeded)
{
    public static WebhookAttemptResponse From(DeliveryAttempt attempt) => new(
        attempt.Number, attempt.At, attempt.StatusCode, attempt.LatencyMilliseconds, attempt.Response, attempt.Error, attempt.Succeeded);
}
