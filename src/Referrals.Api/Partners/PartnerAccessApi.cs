using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Core.Partners;
using Referrals.Core.Validation;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Partners;

/// <summary>What a manager does to a partner's access: a sign-in link to the partner portal, and the partner's status.</summary>
public static class PartnerAccessApi
{
    public static RouteGroupBuilder MapPartnerAccessApi(this RouteGroupBuilder api)
    {
        api.MapPost("/partners/{partnerId}/portal-link", CreatePortalLinkAsync).WithName("CreatePortalLink").WithTags("Partners");
        api.MapPost("/partners/{partnerId}/status", SetStatusAsync).WithName("SetPartnerStatus").Accepts<PartnerStatusRequest>("application/json").WithTags("Partners");
        return api;
    }

    /// <summary>
    /// A signed sign-in link to the partner portal, valid for 15 minutes and for one sign-in, to send to
    /// the partner (by e-mail). A suspended partner gets none (409).
    /// </summary>
    public static async Task<Results<Ok<PortalLink>, ProblemHttpResult>> CreatePortalLinkAsync(
        string partnerId, HttpRequest request, IPartnerStore partners, SignInLinks links, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
        }

        if (partner.Status == PartnerStatus.Suspended)
        {
            return Problems.Conflict("The partner is suspended and cannot sign in; set the status to active first.");
        }

        var (url, expires) = links.Issue(partner, SignInLinks.PagesOriginOf(request, options.Value));
        return TypedResults.Ok(new PortalLink(url, expires));
    }

    /// <summary>Sets a partner's status: <c>active</c> (approve), <c>suspended</c> (no new commissions, no sign-in) or <c>pending</c>.</summary>
    public static async Task<Results<Ok<Partner>, ValidationProblem, ProblemHttpResult>> SetStatusAsync(
        string partnerId, HttpRequest request, IPartnerDirectory directory, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PartnerStatusRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value!.Status is not { } status || !Enum.IsDefined(status))
        {
            var errors = new ValidationErrors();
            errors.Add("status", "'status' must be pending, active or suspended.");
            return Problems.Invalid(errors);
        }

        return await directory.SetStatusAsync(partnerId, status, cancellationToken) is { } partner
            ? TypedResults.Ok(partner)
            : Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
    }
}

/// <summary>A sign-in link to the partner portal and when it stops working.</summary>
public sealed record PortalLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>A partner's new status.</summary>
public sealed record PartnerStatusRequest(PartnerStatus? Status);
