using System.Text;
using Referrals.Core.Validation;

namespace Referrals.Core.Links;

/// <summary>
/// The campaign parameters a link adds to its destination (<c>utm_source</c>, <c>utm_medium</c>, …), so the
/// shop's own analytics see where a visitor came from. A parameter the destination already names is left
/// as the destination has it.
/// </summary>
public sealed record UtmParameters(string? Source = null, string? Medium = null, string? Campaign = null, string? Term = null, string? Content = null)
{
    /// <summary>The longest value of one parameter.</summary>
    public const int MaxLength = 200;

    /// <summary>The parameters that have a value, in their usual order, by their query name.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        foreach (var (name, value) in new[] { ("utm_source", Source), ("utm_medium", Medium), ("utm_campaign", Campaign), ("utm_term", Term), ("utm_content", Content) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return new(name, value.Trim());
            }
        }
    }

    /// <summary>True when at least one parameter has a value.</summary>
    public bool HasValues() => Pairs().Any();

    /// <summary>Adds every problem of these parameters to <paramref name="errors"/> under <c>utm.*</c>.</summary>
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (name, value) in Pairs())
        {
            if (value.Length > MaxLength || value.Any(char.IsControl))
            {
                errors.Add("utm." + name[4..], $"'{name}' is at most {MaxLength} printable characters.");
            }
        }
    }

    /// <summary><paramref name="destination"/> with these parameters appended to its query, before any fragment.</summary>
    public Uri AppendTo(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var query = destination.Query.TrimStart('?');
        var present = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new StringBuilder(query);
        foreach (var (name, value) in Pairs().Where(pair => !present.Contains(pair.Key)))
        {
            builder.Append(builder.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        var withoutQuery = destination.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var appended = builder.Length == 0 ? withoutQuery : withoutQuery + "?" + builder;
        return new Uri(appended + destination.Fragment, UriKind.Absolute);
    }
}
