namespace Referrals.Core.Webhooks;

/// <summary>
/// A verified webhook event that was answered 200 but not used (a type we do not use, a field missing, a
/// time out of range), kept so that nothing signed is dropped unseen: the manager sees it with its reason
/// and can have it processed again once the cause is fixed.
/// </summary>
/// <param name="ProgramId">The program whose webhook received it.</param>
/// <param name="Source">The provider (<c>stripe</c>, <c>paddle</c>, <c>generic</c>).</param>
/// <param name="EventId">The provider's event id, or, when the body names none, a hash of the body.</param>
/// <param name="Type">The provider's event type, when the body names one.</param>
/// <param name="Reason">Why it was not used (after a retry: what came of the retry).</param>
/// <param name="IgnoredAt">When it was received and ignored.</param>
/// <param name="Body">The raw body as verified, at most <see cref="MaxBodyBytes"/> bytes.</param>
/// <param name="Truncated">True when the body was longer and was cut: such an event cannot be processed again.</param>
/// <param name="RetriedAt">When it was last processed again, if ever.</param>
public sealed record IgnoredEvent(
    string ProgramId,
    string Source,
    string EventId,
    string? Type,
    string Reason,
    DateTimeOffset IgnoredAt,
    ReadOnlyMemory<byte> Body,
    bool Truncated,
    DateTimeOffset? RetriedAt = null)
{
    /// <summary>The most of a body kept (64 KiB, the largest webhook body accepted).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The event as kept: the body cut to <see cref="MaxBodyBytes"/> and the reason to 1,000 characters.</summary>
    public static IgnoredEvent Of(string programId, string source, string? eventId, string? type, string reason, DateTimeOffset now, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var id = eventId is { Length: > 0 and <= 200 } ? eventId : Identifiers.Stable("body", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body.Span)));
        return new IgnoredEvent(
            programId,
            source,
            id,
            type is { Length: > 200 } ? type[..200] : type,
            reason.Length > 1_000 ? reason[..1_000] : reason,
            now,
            body.Length > MaxBodyBytes ? body[..MaxBodyBytes] : body,
            body.Length > MaxBodyBytes);
    }
}
