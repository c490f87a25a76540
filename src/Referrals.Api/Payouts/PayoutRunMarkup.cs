using System.Text;
using System.Text.Encodings.Web;
using Referrals.Api.Formatting;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// The markup of one payout run as finance sees it (lines, totals, deadline, the decision form, the
/// timeline), written once for both hosts: the server's finance and decision-link pages include it, and
/// the Functions app serves it on the decision link's page, so a run looks the same wherever it is decided.
/// Every value is HTML-encoded here.
/// </summary>
public static class PayoutRunMarkup
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>
    /// The run's markup; the decision form posts to <paramref name="formAction"/> and carries
    /// <paramref name="antiforgery"/> (the hidden field's name and value) when the host checks one.
    /// </summary>
    public static string Render(RunView view, string formAction, (string Name, string Value)? antiforgery = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(formAction);
        var run = view.Run;
        var totals = run.Totals;
        var state = Format.Lower(run.State);
        var html = new StringBuilder(4096);
        html.Append("<h1>Payout run ").Append(E(run.PeriodKey)).Append(" <small class=\"state\" data-state=\"").Append(E(state)).Append("\">").Append(E(state)).Append("</small></h1>\n");
        if (view.Notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(E(view.Notice)).Append("</p>\n");
        }

        if (view.Problem is not null)
        {
            html.Append("<p class=\"problem\" role=\"alert\">").Append(E(view.Problem)).Append("</p>\n");
        }

        html.Append("<p>").Append(E(run.Id)).Append(" · commissions up to ").Append(E(Format.Time(run.Cutoff))).Append(" · ").Append(E(run.Currency))
            .Append(run.Deadline is { } deadline ? E($" · decide by {Format.Time(deadline)}") : string.Empty).Append("</p>\n");
        if (totals is not null)
        {
            html.Append("<section class=\"metrics\">\n")
                .Append("    <div class=\"metric\"><span>Payable</span><strong>").Append(E(Format.Money(totals.Payable, run.Currency))).Append("</strong></div>\n")
                .Append("    <div class=\"metric\"><span>Payable lines</span><strong>").Append(totals.PayableLines).Append("</strong></div>\n")
                .Append("    <div class=\"metric\"><span>Carried over</span><strong>").Append(totals.CarriedLines).Append("</strong></div>\n")
                .Append("</section>\n");
        }

        if (view.OffersPayoutFile && run.State == PayoutRunState.Paid)
        {
            html.Append("<p><a class=\"button\" id=\"payout-file\" href=\"/finance/runs/").Append(E(run.Id)).Append("/payouts.csv\">Download the payout file (CSV)</a></p>\n");
        }

        if (view.OffersPayoutFile && run.State == PayoutRunState.Paid && view.Exports is { } exports)
        {
            AppendExports(html, run, exports);
        }

        html.Append("\n<form method=\"post\" action=\"").Append(E(formAction)).Append("\">\n");
        AppendLines(html, view);
        if (view.Decidable)
        {
            AppendDecision(html, view);
        }

        if (antiforgery is { } field)
        {
            html.Append("<input name=\"").Append(E(field.Name)).Append("\" type=\"hidden\" value=\"").Append(E(field.Value)).Append("\">");
        }

        html.Append("</form>\n\n<section class=\"card\">\n    <h2>Timeline and audit trail</h2>\n    <ol class=\"timeline\">\n");
        foreach (var step in run.Timeline)
        {
            html.Append("        <li><time>").Append(E(Format.Time(step.At))).Append("</time> <strong>").Append(E(step.Event)).Append("</strong> ")
                .Append(step.From is null ? string.Empty : E($"{Format.Lower(step.From.Value)} → ")).Append(E(Format.Lower(step.To))).Append(" · ").Append(E(step.Actor))
                .Append(string.IsNullOrEmpty(step.Reason) ? string.Empty : E($": {step.Reason}")).Append("</li>\n");
        }

        html.Append("    </ol>\n</section>\n");
        return html.ToString();
    }

    private static void AppendLines(StringBuilder html, RunView view)
    {
        html.Append("<section class=\"card\">\n    <h2>Lines</h2>\n    <table id=\"lines\">\n")
            .Append("        <thead><tr><th>Partner</th><th class=\"num\">Carried in</th><th class=\"num\">Earned</th><th class=\"num\">Reversals</th><th class=\"num\">Amount</th><th>Status</th><th>Hold back</th></tr></thead>\n")
            .Append("        <tbody>\n");
        foreach (var line in view.Lines)
        {
            var name = view.NameOf(line.PartnerId);
            html.Append("            <tr data-partner=\"").Append(E(line.PartnerId)).Append("\">\n")
                .Append("                <td>").Append(E(name)).Append(" <span class=\"hint\">").Append(E(line.Note)).Append("</span></td>\n")
                .Append("                <td class=\"num\">").Append(E(Format.Money(line.CarriedIn, line.Currency))).Append("</td>\n")
                .Append("                <td class=\"num\">").Append(E(Format.Money(line.Earned, line.Currency))).Append("</td>\n")
                .Append("                <td class=\"num\">").Append(E(Format.Money(line.Reversals, line.Currency))).Append("</td>\n")
                .Append("                <td class=\"num\">").Append(E(Format.Money(line.Amount, line.Currency))).Append("</td>\n")
                .Append("                <td class=\"status\">").Append(E(Format.Lower(line.Status))).Append(line.HoldReason is null ? string.Empty : E($": {line.HoldReason}")).Append("</td>\n")
                .Append("                <td>");
            if (view.CanHoldLines && line.Status == PayoutLineStatus.Payable)
            {
                html.Append("<label><input type=\"checkbox\" name=\"hold\" value=\"").Append(E(line.PartnerId)).Append("\"> hold</label>\n")
                    .Append("                    <input type=\"text\" name=\"holdReason_").Append(E(line.PartnerId)).Append("\" placeholder=\"why\" maxlength=\"500\" aria-label=\"Why hold back ").Append(E(name)).Append("\">");
            }

            html.Append("</td>\n            </tr>\n");
        }

        html.Append("        </tbody>\n    </table>\n</section>\n");
    }

    private static void AppendExports(StringBuilder html, PayoutRun run, PayoutExportsResponse exports)
    {
        html.Append("<section class=\"card\" id=\"exports\">\n    <h2>Exports</h2>\n    <ul>\n");
        foreach (var export in exports.Exports)
        {
            html.Append("        <li><a id=\"export-").Append(E(export.Format)).Append("\" href=\"/finance/runs/").Append(E(run.Id)).Append("/exports/").Append(E(export.Format)).Append("\">")
                .Append(E(ExportTitle(export.Format))).Append("</a> <span class=\"hint\">")
                .Append(E($"{export.Lines} line(s), {Format.Money(export.Amount, exports.Currency)}"))
                .Append(export.MissingLines == 0 ? string.Empty : E($"; {export.MissingLines} line(s) without payout details for it, {Format.Money(export.MissingAmount, exports.Currency)}"))
                .Append("</span></li>\n");
        }

        html.Append("    </ul>\n");
        var missing = exports.Exports.Where(export => export.MissingLines > 0).ToArray();
        if (missing.Length > 0)
        {
            html.Append("    <h3>Missing payout details</h3>\n    <table id=\"missing-details\">\n")
                .Append("        <thead><tr><th>Export</th><th>Partner</th><th class=\"num\">Amount</th><th>Why it is not in the file</th></tr></thead>\n        <tbody>\n");
            foreach (var export in missing)
            {
                foreach (var line in export.Missing)
                {
                    html.Append("            <tr data-export=\"").Append(E(export.Format)).Append("\" data-partner=\"").Append(E(line.PartnerId)).Append("\"><td>")
                        .Append(E(ExportTitle(export.Format))).Append("</td><td>").Append(E(line.Name)).Append("</td><td class=\"num\">")
                        .Append(E(Format.Money(line.Amount, exports.Currency))).Append("</td><td>").Append(E(line.Reason)).Append("</td></tr>\n");
                }
            }

            html.Append("        </tbody>\n    </table>\n");
        }

        html.Append("</section>\n");
    }

    private static string ExportTitle(string format) => format switch
    {
        "paypal" => "PayPal Payouts batch (CSV)",
        "wise" => "Wise batch payment (CSV)",
        _ => "Accounting journal for Xero (CSV)",
    };

    private static void AppendDecision(StringBuilder html, RunView view)
    {
        html.Append("<section class=\"card narrow\">\n    <h2>Decision</h2>\n    <label>Reason <textarea name=\"reason\" required maxlength=\"1000\"></textarea></label>\n");
        if (view.Offers(PayoutDecisionKind.Approve))
        {
            html.Append("    <button type=\"submit\" name=\"decision\" value=\"approve\">Approve (pay all lines not held)</button>\n");
        }

        if (view.Offers(PayoutDecisionKind.Reject))
        {
            html.Append("    <button type=\"submit\" name=\"decision\" value=\"reject\" class=\"danger\">Reject the run</button>\n");
        }

        html.Append("</section>\n");
    }

    private static string E(string value) => Html.Encode(value);
}
