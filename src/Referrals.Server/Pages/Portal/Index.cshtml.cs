using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Referrals.Core.Partners;
using Referrals.Api.Hosting;
using Referrals.Api.Security;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// The partner's own numbers. The partner comes from the session only: nothing in the URL can name
/// another partner.
/// </summary>
public sealed class PortalModel(ReadPartnerPortal read, TimeProvider time, IOptions<ReferralsOptions> options) : PageModel
{
    public PartnerPortal? Portal { get; private set; }

    public int Days { get; private set; }

    public string Origin { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(int? days, CancellationToken cancellationToken)
    {
        Days = days == 90 ? 90 : 30;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Portal = await read.ExecuteAsync(User.PartnerOf()!, today.AddDays(1 - Days), today, cancellationToken);
        if (Portal is null)
        {
            return NotFound();
        }

        Origin = SignInLinks.OriginOf(Request, options.Value);
        return Page();
    }
}
