using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Tracking;

/// <summary>
/// Turns a client IP address into a salted, keyed hash (HMAC-SHA256, 128 bits kept): the same visitor
/// is recognisable for unique clicks and fraud checks, but the raw IP is never stored.
/// </summary>
public sealed class VisitorHasher : IDisposable
{
    private readonly byte[] _salt;

    // One keyed HMAC per thread: hashing runs on every redirect, and a fresh native HMAC context per
    // call costs more than the hash itself.
    private readonly ThreadLocal<HMACSHA256> _hmac;

    public VisitorHasher(ReadOnlySpan<byte> salt)
    {
        if (salt.Length < 16)
        {
            throw new ArgumentException("The IP hash salt needs at least 16 bytes.", nameof(salt));
        }

        _salt = salt.ToArray();
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(_salt), trackAllValues: true);
    }

    /// <summary>The hash of an address written as text (the form <see cref="Hash(IPAddress?)"/> hashes too).</summary>
    public string Hash(string? ipAddress)
    {
        var text = ipAddress ?? string.Empty;
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(text.Length, 256))];
        return Hash(utf8[..Encoding.UTF8.GetBytes(text.AsSpan(0, Math.Min(text.Length, 256)), utf8)]);
    }

    /// <summary>The hash of a connection's address, without allocating its text.</summary>
    public string Hash(IPAddress? ipAddress)
    {
        if (ipAddress is null)
        {
            return Hash(string.Empty);
        }

        Span<char> text = stackalloc char[64];
        Span<byte> utf8 = stackalloc byte[64];
        return ipAddress.TryFormat(text, out var written)
            ? Hash(utf8[..Encoding.UTF8.GetBytes(text[..written], utf8)])
            : Hash(ipAddress.ToString());
    }

    private string Hash(ReadOnlySpan<byte> utf8)
    {
        Span<byte> hash = stackalloc byte[32];
        _hmac.Value!.TryComputeHash(utf8, hash, out _);
        return Convert.ToHexStringLower(hash[..16]);
    }

    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
    }
}
