using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Api.Payouts;

namespace Referrals.Server.Pages.Finance;

/// <summary>The payout file of a paid run, the same file the API serves, for finance's page session.</summary>
public sealed class RunFileModel(IPayoutRunStore runs, IPartnerStore partners) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
        {
            return NotFound();
        }

        return stored.Run.State == PayoutRunState.Paid
            ? File(await PayoutFile.BuildAsync(stored.Run, runs, partners, cancellationToken), PayoutFile.ContentType, PayoutFile.NameOf(runId))
            : StatusCode(StatusCodes.Status409Conflict);
    }
}
