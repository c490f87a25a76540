using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Groups;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Manage;

/// <summary>The programs a manager can open, each with the plan in force now (its latest version, not the one it was created with).</summary>
public sealed class ManageModel(IProgramCatalog catalog, ResolvePlan plans, TimeProvider time) : PageModel
{
    private const int MaxPrograms = 200;

    public IReadOnlyList<ReferralProgram> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var programs = new List<ReferralProgram>();
        await foreach (var program in catalog.ListAsync(cancellationToken))
        {
            programs.Add(program with { Plan = (await plans.ForProgramAsync(program, time.GetUtcNow(), cancellationToken)).Plan });
            if (programs.Count >= MaxPrograms)
            {
                break;
            }
        }

        Programs = [.. programs.OrderBy(program => program.Name, StringComparer.Ordinal)];
    }
}
