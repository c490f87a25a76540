using System.Net;
using System.Text;

namespace Referrals.Core.Email;

/// <summary>
/// Builds the plain-text and HTML versions of one e-mail side by side, so both always say the same;
/// every value is HTML-encoded in the HTML version.
/// </summary>
internal sealed class EmailBody
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();

    public EmailBody Paragraph(string text)
    {
        _text.Append(text).Append("\n\n");
        _html.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    public EmailBody Link(string label, string url)
    {
        _text.Append(label).Append(": ").Append(url).Append("\n\n");
        _html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>\n");
        return this;
    }

    public EmailMessage ToMessage(string programId, string programName, IReadOnlyList<string> to, string subject)
    {
        var footer = $"{programName} partner program";
        var text = _text.Append("-- \n").Append(footer).Append('\n').ToString();
        var html = $"<!DOCTYPE html>\n<html><body>\n{_html}<p style=\"color:#666\">{WebUtility.HtmlEncode(footer)}</p>\n</body></html>\n";
        return new EmailMessage(programId, programName, to, subject, text, html);
    }
}
