using System.Net.Mail;
using Referrals.Core.Tracking;

namespace Referrals.Core.Leads;

/// <summary>
/// A customer's e-mail as the pipeline compares it: trimmed, lower case, then hashed with the host's
/// keyed visitor hash, so the same address matches across leads, conversions and partners while no
/// address is stored or logged.
/// </summary>
public static class CustomerEmail
{
    public const int MaxLength = 254;

    public static bool IsWellFormed(string? email) =>
        email is { Length: > 0 and <= MaxLength } && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim();

    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static string Hash(VisitorHasher hasher, string email)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return hasher.Hash(Normalize(email));
    }
}
