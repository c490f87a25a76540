using Referrals.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Security;

namespace Referrals.Server.Pages;

/// <summary>Managers and finance open a page session by pasting an API key; the key means here what it means in the API.</summary>
internal sealed class SignInModel(ApiKeyAuthenticator authenticator) : PageModel
{
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync(string? key, CancellationToken cancellationToken)
    {
        var presented = key?.Trim() ?? string.Empty;
        if (presented.Length is 0 or > ApiKeyAuthenticator.MaxKeyLength
            || await authenticator.AuthenticateAsync(presented, PageSession.Scheme, cancellationToken) is not { } principal)
        {
            Problem = "That key is not valid.";
            var page = Page();
            page.StatusCode = StatusCodes.Status401Unauthorized;
            return page;
        }

        var session = PageSession.ForKey(principal, ApiKeyAuthenticator.HashOf(presented));
        await HttpContext.SignInAsync(PageSession.Scheme, session);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : PageSession.HomeOf(session));
    }
}
