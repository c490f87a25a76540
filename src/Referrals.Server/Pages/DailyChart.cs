using Referrals.Api.Formatting;
using System.Globalization;
using System.Net;
using System.Text;
using Referrals.Core.Stats;

namespace Referrals.Server.Pages;

/// <summary>
/// A partner's days as an SVG drawn on the server: a bar per day for clicks and a dot per day with sales,
/// each with a tooltip (<c>title</c>). No script, no style attribute (the pages' CSP allows neither inline).
/// </summary>
internal static class DailyChart
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Bottom = 20;

    public static string Svg(IReadOnlyList<DailyStats> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var maxClicks = Math.Max(1, days.Count == 0 ? 1 : days.Max(day => day.Clicks));
        var maxSales = Math.Max(1, days.Count == 0 ? 1 : days.Max(day => day.Sales));
        var slot = days.Count == 0 ? Width : (double)Width / days.Count;
        var plot = Height - Bottom;
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"chart-title\">")
            .Append("<title id=\"chart-title\">Clicks (bars) and sales (dots) per day</title>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{plot}\" x2=\"{Width}\" y2=\"{plot}\" class=\"axis\"/>");
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var label = WebUtility.HtmlEncode($"{Format.Day(day.Day)}: {day.Clicks} clicks, {day.UniqueClicks} unique, {day.Sales} sales");
            var barHeight = day.Clicks * (plot - 10) / (double)maxClicks;
            var x = i * slot;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"clicks\" x=\"{x + (slot * 0.15):0.#}\" y=\"{plot - barHeight:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{barHeight:0.#}\"><title>{label}</title></rect>");
            if (day.Sales > 0)
            {
                var y = plot - (day.Sales * (plot - 10) / (double)maxSales);
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"sales\" cx=\"{x + (slot / 2):0.#}\" cy=\"{y:0.#}\" r=\"4\"><title>{label}</title></circle>");
            }
        }

        if (days.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Height - 4}\" class=\"label\">{Format.Day(days[0].Day)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width}\" y=\"{Height - 4}\" class=\"label end\">{Format.Day(days[^1].Day)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
