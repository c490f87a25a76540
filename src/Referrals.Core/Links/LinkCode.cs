using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Referrals.Core.Links;

/// <summary>
/// Short link codes: 8 random base62 characters (47 bits), so guessing a partner's link is hopeless and
/// collisions are rare enough that a retry on conflict is all it takes.
/// </summary>
public static partial class LinkCode
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public const int Length = 8;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>True for anything that could be a link code; the redirect refuses the rest without a lookup.</summary>
    public static bool IsWellFormed(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex("^[0-9A-Za-z]{4,32}$")]
    private static partial Regex Pattern();
}
