using System.Text;

namespace Referrals.Core.Joining;

/// <summary>
/// The short public name of a program in its application page's address (<c>/join/acme-partners</c>):
/// 3 to 60 lowercase letters, digits and single hyphens, not starting or ending with a hyphen.
/// </summary>
public static class ProgramSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 60;

    public static bool IsValid(string? slug) =>
        slug is { Length: >= MinLength and <= MaxLength }
        && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && slug[0] != '-' && slug[^1] != '-' && !slug.Contains("--", StringComparison.Ordinal);

    /// <summary>A valid slug made from a program's name (ASCII letters and digits kept, runs of anything else one hyphen); "program" when too little is left.</summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxLength - 4)
        {
            slug = slug[..(MaxLength - 4)].TrimEnd('-');
        }

        return slug.Length >= MinLength ? slug : "program" + (slug.Length > 0 ? "-" + slug : string.Empty);
    }
}
