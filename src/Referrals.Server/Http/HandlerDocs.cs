using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Referrals.Server.Http;

/// <summary>
/// The XML doc summaries of the endpoint handlers, read from the server's documentation file. The
/// OpenAPI package's own XML comment generator only sees public members, and our handlers are private
/// methods of internal endpoint groups, so the description reads the file the compiler wrote.
/// </summary>
internal sealed partial class HandlerDocs
{
    private readonly Dictionary<string, string> _summaries = new(StringComparer.Ordinal);

    private HandlerDocs(XDocument? file)
    {
        foreach (var member in file?.Root?.Element("members")?.Elements("member") ?? [])
        {
            var name = member.Attribute("name")?.Value;
            if (name is null || !name.StartsWith("M:", StringComparison.Ordinal) || member.Element("summary") is not { } summary)
            {
                continue;
            }

            var key = name.Split('(')[0];
            _summaries.TryAdd(key, Text(summary));
        }
    }

    public static HandlerDocs Load()
    {
        var path = Path.ChangeExtension(typeof(HandlerDocs).Assembly.Location, ".xml");
        return new HandlerDocs(File.Exists(path) ? XDocument.Load(path) : null);
    }

    /// <summary>The handler's summary, or null when it has none.</summary>
    public string? SummaryOf(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var type = method.DeclaringType?.FullName?.Replace('+', '.');
        return type is null ? null : _summaries.GetValueOrDefault($"M:{type}.{method.Name}");
    }

    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "paramref" or "typeparamref" } reference =>
                (reference.Attribute("cref")?.Value ?? reference.Attribute("name")?.Value ?? string.Empty).Split('.', ':')[^1],
            XElement element => "`" + element.Value + "`",
            _ => string.Empty,
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
