namespace Referrals.Core.Conversions;

/// <summary>Where a conversion stands in attribution.</summary>
public enum ConversionStatus
{
    AwaitingAttribution,
    Attributed,
    Unattributed,
}
