using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Tracking;

/// <summary>
/// Turns a client IP address into a salted, keyed hash (HMAC-SHA256, 128 bits kept): the same visitor
/// is recognisable for unique clicks and fraud checks, but the raw IP is never stored.
/// </summary>
public sealed class VisitorHasher
{
    private readonly byte[] _salt;

    public VisitorHasher(ReadOnlySpan<byte> salt)
    {
        if (salt.Length < 16)
        {
            throw new ArgumentException("The IP hash salt needs at least 16 bytes.", nameof(salt));
        }

        _salt = salt.ToArray();
    }

    public string Hash(string? ipAddress)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(ipAddress ?? string.Empty), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
