using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Formatting;
using Referrals.Core.Reconciliation;

namespace Referrals.Server.Pages.Finance;

/// <summary>
/// One reconciliation for finance: the counts, the lines of one category a page at a time (differing and
/// missing are the ones to act on), the CSV, and the replay of the missing payments.
/// </summary>
public sealed class ReconciliationModel(IReconciliationStore store, ReplayMissingPayments replay) : PageModel
{
    private const int PageSize = 100;

    public Reconciliation? Reconciliation { get; private set; }

    public ReconciliationCategory Category { get; private set; }

    public IReadOnlyList<ReconciliationItem> Items { get; private set; } = [];

    public string? Next { get; private set; }

    public string? Notice { get; private set; }

    public Task<IActionResult> OnGetAsync(string programId, string reconciliationId, string? category, string? after, CancellationToken cancellationToken) =>
        ShowAsync(programId, reconciliationId, category, after, cancellationToken);

    public async Task<IActionResult> OnPostReplayAsync(string programId, string reconciliationId, CancellationToken cancellationToken)
    {
        if (await replay.ExecuteAsync(programId, reconciliationId, cancellationToken) is not { } payments)
        {
            return NotFound();
        }

        Notice = $"Replayed {Format.Count(payments.Count)} missing payments: {Format.Count(payments.Count(p => p.Outcome == ReplayOutcome.Created))} recorded now, "
            + $"{Format.Count(payments.Count(p => p.Outcome == ReplayOutcome.Duplicate))} recorded before, {Format.Count(payments.Count(p => p.Outcome == ReplayOutcome.Refused))} refused.";
        return await ShowAsync(programId, reconciliationId, nameof(ReconciliationCategory.Missing), null, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string programId, string reconciliationId, string? category, string? after, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(programId, reconciliationId, cancellationToken) is not { } reconciliation)
        {
            return NotFound();
        }

        Reconciliation = reconciliation;
        Category = Enum.TryParse<ReconciliationCategory>(category, ignoreCase: true, out var chosen) ? chosen
            : reconciliation.Differing > 0 ? ReconciliationCategory.Differing : ReconciliationCategory.Missing;
        var page = await store.ListItemsAsync(reconciliationId, Category, after, PageSize, cancellationToken);
        Items = page.Items;
        Next = page.Next;
        return Page();
    }
}
