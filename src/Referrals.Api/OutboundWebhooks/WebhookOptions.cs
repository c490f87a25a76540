using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>
/// Outbound webhooks (<c>Referrals:Webhooks</c>): the waits between attempts (<c>RetryDelays</c>, e.g.
/// <c>RetryDelays:0=00:00:05</c>; empty means 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), how many deliveries
/// in a row may fail before the endpoint is disabled, and whether receivers on loopback and private
/// networks are allowed (default: only in Development).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Referrals:Webhooks";

    public TimeSpan[]? RetryDelays { get; set; }

    public int DisableAfterFailures { get; set; } = WebhookDeliverySettings.Default.DisableAfterFailures;

    /// <summary>Null: allowed in Development only.</summary>
    public bool? AllowPrivateNetworks { get; set; }

    public bool IsValid() =>
        DisableAfterFailures >= 1
        && (RetryDelays is null || (RetryDelays.Length <= 20 && RetryDelays.All(delay => delay > TimeSpan.Zero && delay <= TimeSpan.FromDays(7))));

    public WebhookDeliverySettings ToSettings() => new(
        RetryDelays is { Length: > 0 } delays ? new RetrySchedule(delays) : RetrySchedule.Default,
        DisableAfterFailures);
}
