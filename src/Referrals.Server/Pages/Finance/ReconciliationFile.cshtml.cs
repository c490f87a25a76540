using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Reconciliation;
using Referrals.Core.Reconciliation;

namespace Referrals.Server.Pages.Finance;

/// <summary>A reconciliation's lines as CSV, the same file the API serves, for finance's page session; written while read.</summary>
public sealed class ReconciliationFileModel(IReconciliationStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string programId, string reconciliationId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(programId, reconciliationId, cancellationToken) is null)
        {
            return NotFound();
        }

        Response.ContentType = ReconciliationFile.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename={ReconciliationFile.NameOf(reconciliationId)}";
        await ReconciliationFile.WriteAsync(Response.Body, store.StreamItemsAsync(reconciliationId, null, cancellationToken), cancellationToken);
        return new EmptyResult();
    }
}
