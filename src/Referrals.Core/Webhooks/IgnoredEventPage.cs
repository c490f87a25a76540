namespace Referrals.Core.Webhooks;

/// <summary>A page of ignored events and the token of the next page (null on the last).</summary>
public sealed record IgnoredEventPage(IReadOnlyList<IgnoredEvent> Events, string? Continuation);
