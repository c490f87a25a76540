using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Referrals.Server.Pages;

/// <summary>Where a signed-in person lands on a page their role may not see: a 403 page.</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
