using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>A paid run's PayPal, Wise or journal export, the same file the API serves, for finance's page session.</summary>
public sealed class RunExportModel(PayoutExports exports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string runId, string format, CancellationToken cancellationToken)
    {
        if (PayoutExportFormats.Parse(format) is not { } chosen || await exports.LoadAsync(runId, cancellationToken) is not { } paid)
        {
            return NotFound();
        }

        if (!paid.IsPaid)
        {
            return StatusCode(StatusCodes.Status409Conflict);
        }

        var (content, selection) = exports.Build(paid, chosen);
        Response.Headers[PayoutExportsApi.MissingHeader] = selection.Missing.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return File(content, PayoutExportFiles.ContentType, PayoutExportFiles.NameOf(chosen, runId));
    }
}
