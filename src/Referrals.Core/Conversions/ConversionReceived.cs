namespace Referrals.Core.Conversions;

/// <summary>A conversion was stored and waits for attribution.</summary>
public sealed record ConversionReceived(string ProgramId, string ConversionId);
