using System.Globalization;

namespace Referrals.Core.Partners;

/// <summary>IBAN checks (ISO 13616): the shape and the mod-97 check digits, so a mistyped digit is caught before any money is sent.</summary>
public static class IbanNumber
{
    /// <summary>The IBAN without spaces, in upper case.</summary>
    public static string Compact(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        return string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
    }

    /// <summary>True when <paramref name="iban"/> (spaces allowed) has a country code, two check digits, 11 to 30 letters or digits, and its check digits agree.</summary>
    public static bool IsValid(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban) || iban.Length > 50)
        {
            return false;
        }

        var compact = Compact(iban);
        if (compact.Length is < 15 or > 34
            || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3])
            || !compact.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        // Move the first four characters to the end, read letters as 10..35, and take the number mod 97: it must be 1.
        var rearranged = compact[4..] + compact[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }

    /// <summary>The check digits an IBAN of this country and account number must carry (for tests and examples).</summary>
    public static string CheckDigits(string country, string account)
    {
        ArgumentNullException.ThrowIfNull(country);
        ArgumentNullException.ThrowIfNull(account);
        var remainder = 0;
        foreach (var c in Compact(account + country + "00"))
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }
}
