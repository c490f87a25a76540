using Referrals.Core.Programs;

namespace Referrals.Core.Tracking;

/// <summary>
/// Which web origins may record clicks for a program from the shop's own pages: those on the program's
/// allowed hosts (or their subdomains), the same list its links may lead to.
/// </summary>
public static class ShopOrigin
{
    /// <summary>True when <paramref name="origin"/> (a browser's <c>Origin</c> header) is an http(s) origin on the program's allowed hosts.</summary>
    public static bool IsAllowed(ReferralProgram program, string? origin)
    {
        ArgumentNullException.ThrowIfNull(program);
        return origin is { Length: > 0 and <= 300 }
            && Uri.TryCreate(origin, UriKind.Absolute, out var parsed)
            && parsed.AbsolutePath == "/" && string.IsNullOrEmpty(parsed.Query)
            && program.AllowsDestination(parsed);
    }
}
