using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core;

/// <summary>
/// Makes the identifiers the product hands out: random ones for new things, stable ones derived from
/// a natural key where a retry must land on the same row (a conversion from its provider event id).
/// Lower-case base32 keeps them safe in URLs, table keys and queue messages.
/// </summary>
public static class Identifiers
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random id such as <c>prg_k3x...</c> with 100 bits of randomness.</summary>
    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[13];
        RandomNumberGenerator.Fill(bytes);
        return prefix + "_" + Base32(bytes)[..20];
    }

    /// <summary>The same id for the same parts, every time (SHA-256 of the parts, 130 bits kept).</summary>
    public static string Stable(string prefix, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return prefix + "_" + Base32(hash)[..26];
    }

    /// <summary>Encodes bytes as lower-case base32 without padding.</summary>
    public static string Base32(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            builder.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return builder.ToString();
    }
}
