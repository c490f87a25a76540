namespace Referrals.Core.OutboundWebhooks;

/// <summary>What came back from a receiver: its status code (null when none: <see cref="Error"/> says why), the time it took, and the start of its body.</summary>
public sealed record WebhookResponse(int? StatusCode, TimeSpan Latency, string ResponseHead, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
