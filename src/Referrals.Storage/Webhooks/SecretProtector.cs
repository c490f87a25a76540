using System.Security.Cryptography;
using System.Text;

namespace Referrals.Storage.Webhooks;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under the key from configuration (<c>Referrals:SecretsKey</c>).
/// Each value gets a fresh 96-bit nonce, and the place it belongs to (program and provider) is bound in as
/// associated data, so a stored value copied to another row does not decrypt. Stored form:
/// <c>version (1 byte) | nonce (12) | tag (16) | ciphertext</c>.
/// </summary>
public sealed class SecretProtector
{
    /// <summary>The key length AES-256 needs.</summary>
    public const int KeyBytes = 32;

    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    public SecretProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"The secrets key must be {KeyBytes} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>True when <paramref name="base64"/> is a usable key: base64 of exactly 32 bytes.</summary>
    public static bool IsValidKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes;
    }

    public static SecretProtector FromBase64(string base64)
    {
        if (!IsValidKey(base64))
        {
            throw new ArgumentException("The secrets key must be the base64 encoding of 32 bytes.", nameof(base64));
        }

        return new SecretProtector(Convert.FromBase64String(base64.Trim()));
    }

    public byte[] Protect(string secret, string context)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var stored = new byte[1 + NonceBytes + TagBytes + plaintext.Length];
        stored[0] = Version;
        var nonce = stored.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, stored.AsSpan(1 + NonceBytes + TagBytes), stored.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(plaintext);
        return stored;
    }

    /// <summary>The secret, or null when the value was not made under this key and context (or was altered).</summary>
    public string? Unprotect(byte[] stored, string context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length < 1 + NonceBytes + TagBytes || stored[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[stored.Length - 1 - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(stored.AsSpan(1, NonceBytes), stored.AsSpan(1 + NonceBytes + TagBytes), stored.AsSpan(1 + NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(context));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
