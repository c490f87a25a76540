using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Programs;
using Referrals.Core.Reconciliation;

namespace Referrals.Server.Pages.Finance;

/// <summary>A program's reconciliations of provider exports, newest last, with their counts per category.</summary>
public sealed class ReconciliationsModel(IProgramStore programs, IReconciliationStore store) : PageModel
{
    private const int PageSize = 100;

    public string ProgramId { get; private set; } = string.Empty;

    public IReadOnlyList<Reconciliation> Reconciliations { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string programId, string? after, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return NotFound();
        }

        ProgramId = programId;
        var page = await store.ListAsync(programId, after, PageSize, cancellationToken);
        Reconciliations = page.Items;
        Next = page.Next;
        return Page();
    }
}
