namespace Referrals.Api.Conversions;

/// <summary>The answer to a reported conversion: its id, and whether this event id had been reported before.</summary>
public sealed record ConversionAccepted(string ConversionId, bool Duplicate);
