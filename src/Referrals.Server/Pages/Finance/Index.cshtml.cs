using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>Finance's inbox: every unfinished run, those awaiting a decision first, nearest deadline first.</summary>
public sealed class FinanceModel(IPayoutRunStore runs) : PageModel
{
    private const int MaxRuns = 200;

    public IReadOnlyList<PayoutRun> Awaiting { get; private set; } = [];

    public IReadOnlyList<PayoutRun> Other { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var open = new List<PayoutRun>();
        await foreach (var run in runs.ListOpenAsync(cancellationToken))
        {
            open.Add(run);
            if (open.Count >= MaxRuns)
            {
                break;
            }
        }

        Awaiting = [.. open.Where(run => run.State == PayoutRunState.AwaitingDecision).OrderBy(run => run.Deadline)];
        Other = [.. open.Where(run => run.State != PayoutRunState.AwaitingDecision).OrderBy(run => run.Id, StringComparer.Ordinal)];
    }
}
