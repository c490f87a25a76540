using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Manage;

/// <summary>The programs a manager can open.</summary>
public sealed class ManageModel(IProgramCatalog catalog) : PageModel
{
    private const int MaxPrograms = 200;

    public IReadOnlyList<ReferralProgram> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var programs = new List<ReferralProgram>();
        await foreach (var program in catalog.ListAsync(cancellationToken))
        {
            programs.Add(program);
            if (programs.Count >= MaxPrograms)
            {
                break;
            }
        }

        Programs = [.. programs.OrderBy(program => program.Name, StringComparer.Ordinal)];
    }
}
