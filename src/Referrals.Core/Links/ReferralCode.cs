using System.Text.RegularExpressions;

namespace Referrals.Core.Links;

/// <summary>
/// A coupon-like code a buyer types at checkout that credits <see cref="PartnerId"/>. Codes are unique
/// per program regardless of case; <see cref="Code"/> keeps the spelling the partner chose.
/// </summary>
public sealed partial record ReferralCode(
    string ProgramId,
    string Code,
    string PartnerId,
    int? DiscountPercent,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt = null)
{
    /// <summary>A retired code credits nobody and gives no discount; it stays taken in its program.</summary>
    public bool IsRetired => RetiredAt is not null;

    /// <summary><see cref="IsRetired"/> in the words a list or a shop's developer uses.</summary>
    public ReferralCodeStatus Status => IsRetired ? ReferralCodeStatus.Retired : ReferralCodeStatus.Active;

    /// <summary>The form codes are compared and stored under.</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Trim().ToUpperInvariant();
    }

    public static bool IsWellFormed(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]
    private static partial Regex Pattern();
}
