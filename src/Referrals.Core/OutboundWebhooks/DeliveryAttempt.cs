namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// One try of a delivery as the log shows it: when, the receiver's status code (null when no answer came:
/// refused, timed out, network error; <see cref="Error"/> says which), how long it took, and the first
/// kilobyte of the answer.
/// </summary>
public sealed record DeliveryAttempt(
    string DeliveryId,
    int Number,
    DateTimeOffset At,
    int? StatusCode,
    long LatencyMilliseconds,
    string Response,
    string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
