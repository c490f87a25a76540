using Microsoft.AspNetCore.Mvc.Filters;
using Referrals.Api.Security;
using Referrals.Core.Joining;

namespace Referrals.Server.Joining;

/// <summary>
/// Sends a signed-in partner to <c>/portal/terms</c> before any other portal page while the program has
/// terms they have not accepted in their current version.
/// </summary>
internal sealed class TermsGate : IAsyncPageFilter
{
    public const string TermsPage = "/portal/terms";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments(TermsPage, StringComparison.OrdinalIgnoreCase)
            || http.User.PartnerOf() is not { } partnerId
            || http.User.FindFirst(ReferralClaims.ProgramId)?.Value is not { } programId)
        {
            await next();
            return;
        }

        var services = http.RequestServices;
        if (await services.GetRequiredService<ITermsStore>().GetCurrentAsync(programId, http.RequestAborted) is { } terms
            && (await services.GetRequiredService<IAgreementStore>().GetLatestAsync(programId, partnerId, http.RequestAborted))?.Version != terms.Version)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.LocalRedirectResult(TermsPage);
            return;
        }

        await next();
    }
}
