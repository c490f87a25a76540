using System.Text.Encodings.Web;
using Referrals.Api.Formatting;

namespace Referrals.Api.Payouts;

/// <summary>
/// The decision link page's markup for both hosts: the server puts <see cref="Body"/> in its layout, the
/// Functions app, which has no layout, serves <see cref="Document"/>.
/// </summary>
public static class DecisionLinkMarkup
{
    // The page's own look, since the Functions app serves no static assets.
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}" +
        "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left}.num{text-align:right}" +
        ".metrics{display:flex;gap:1rem}.metric{border:1px solid #d0d7de;padding:.5rem 1rem}.metric strong{display:block}" +
        ".card{margin:1rem 0}.hint{color:#57606a}.problem{color:#b42318}.notice{color:#1a7f37}textarea{display:block;width:100%;min-height:4rem}" +
        "button{margin:.5rem .5rem 0 0;padding:.4rem .8rem}.danger{color:#b42318}";

    /// <summary>The page's title: the run's period, or the refusal's title.</summary>
    public static string Title(DecisionLinkView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Run is { } run ? $"Run {run.Run.PeriodKey}" : view.Refusal!.Title;
    }

    /// <summary>
    /// The page's content: the run with its one decision and the link's expiry, or the refusal with a
    /// pointer to the finance pages at <paramref name="financePage"/>.
    /// </summary>
    public static string Body(DecisionLinkView view, string formAction, string financePage, (string Name, string Value)? antiforgery = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = HtmlEncoder.Default;
        if (view.Run is { } run)
        {
            return $"<p class=\"hint\">Opened by a decision link: it decides this run once, to {html.Encode(Format.Lower(run.Decisions[0]))}, until {html.Encode(Format.Time(view.Expires))}.</p>\n"
                + PayoutRunMarkup.Render(run, formAction, antiforgery);
        }

        var refusal = view.Refusal!;
        return $"<h1>{html.Encode(refusal.Title)}</h1>\n<p class=\"problem\" role=\"alert\">{html.Encode(refusal.Detail)}</p>\n"
            + $"<p>Signed-in finance sees every run on the <a href=\"{html.Encode(financePage)}\">payouts page</a>.</p>\n";
    }

    /// <summary>A whole HTML document of the page, for a host without a layout.</summary>
    public static string Document(DecisionLinkView view, string formAction, string financePage) =>
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>" + HtmlEncoder.Default.Encode(Title(view)) + " · Referrals</title>\n<style>" + Style + "</style>\n</head>\n<body>\n<main>\n"
        + Body(view, formAction, financePage)
        + "</main>\n</body>\n</html>\n";
}
