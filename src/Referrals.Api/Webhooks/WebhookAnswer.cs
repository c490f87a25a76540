namespace Referrals.Api.Webhooks;

/// <summary>
/// The answer to a verified webhook: <c>recorded</c> (with the conversion id; <c>duplicate</c> when this
/// event had been recorded before), <c>linked</c> (a provider's link between two ids of one payment) or
/// <c>ignored</c> with the reason.
/// </summary>
public sealed record WebhookAnswer(string Status, string? ConversionId, bool Duplicate, string? Reason);
