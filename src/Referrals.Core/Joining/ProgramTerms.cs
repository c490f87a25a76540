using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Joining;

/// <summary>One version of a program's terms: the text partners accept, its SHA-256 (hex) and when it was published.</summary>
public sealed record ProgramTerms(string ProgramId, int Version, string Text, string TextSha256, DateTimeOffset PublishedAt)
{
    /// <summary>The longest terms text accepted (a table property holds 32 K characters).</summary>
    public const int MaxTextLength = 30_000;

    public static ProgramTerms Create(string programId, int version, string text, DateTimeOffset publishedAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ProgramTerms(programId, version, text, HashOf(text), publishedAt);
    }

    /// <summary>The SHA-256 of the UTF-8 text, lowercase hex: what an acceptance records, so the exact text can be proven later.</summary>
    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
