namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Where a program's events are sent: the receiver's URL, the event types it subscribed to, and the
/// secret that signs them. After a rotation the <see cref="PreviousSecret"/> keeps signing alongside
/// until <see cref="PreviousSecretUntil"/>, so the receiver can switch without missing an event.
/// <see cref="ConsecutiveFailures"/> counts deliveries that failed for good since the last success;
/// enough of them disable the endpoint (<see cref="DisabledReason"/> says why).
/// </summary>
public sealed record WebhookEndpoint(
    string Id,
    string ProgramId,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    bool Enabled,
    string Secret,
    DateTimeOffset CreatedAt,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretUntil = null,
    int ConsecutiveFailures = 0,
    string? DisabledReason = null)
{
    /// <summary>How long a rotated-out secret keeps signing.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public bool Subscribes(string type) => Events.Contains(type, StringComparer.Ordinal);

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>: the current one, and the previous one during the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];

    /// <summary>A new secret signs from now on; the current one keeps signing for <see cref="RotationOverlap"/>.</summary>
    public WebhookEndpoint Rotate(string newSecret, DateTimeOffset now) =>
        this with { Secret = newSecret, PreviousSecret = Secret, PreviousSecretUntil = now + RotationOverlap };
}
