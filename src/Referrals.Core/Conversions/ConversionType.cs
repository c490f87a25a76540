namespace Referrals.Core.Conversions;

/// <summary>What a conversion reports.</summary>
public enum ConversionType
{
    /// <summary>A sign-up or qualified prospect; no payment.</summary>
    Lead,

    /// <summary>A payment.</summary>
    Sale,
}
