using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Partners;

namespace Referrals.Api.Partners;

/// <summary>
/// A partner's own profile and payout details. A partner key reaches only its own partner; the details are
/// never shown in full, only masked, and every change is audited and the partner told.
/// </summary>
public static class PartnerSelfServiceApi
{
    /// <summary>How many past changes of payout details are shown.</summary>
    public const int ChangesShown = 20;

    public static RouteGroupBuilder MapPartnerSelfServiceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/partners/{partnerId}/profile", GetProfileAsync)
            .WithName("GetPartnerProfile").WithTags("Partners").AllowRoles(EndpointRoles.PartnerSelfService)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/partners/{partnerId}/profile", UpdateProfileAsync).Accepts<PartnerProfileDraft>("application/json")
            .WithName("UpdatePartnerProfile").WithTags("Partners").AllowRoles(EndpointRoles.PartnerSelfService)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/partners/{partnerId}/payout-details", GetPayoutDetailsAsync)
            .WithName("GetPayoutDetails").WithTags("Partners").AllowRoles(EndpointRoles.PartnerSelfService)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/partners/{partnerId}/payout-details", SetPayoutDetailsAsync).Accepts<PayoutDetailsDraft>("application/json")
            .WithName("SetPayoutDetails").WithTags("Partners").AllowRoles(EndpointRoles.PartnerSelfService)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The partner's profile: name, e-mail, website or channels, country.</summary>
    public static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfileAsync(
        string partnerId, IPartnerStore partners, IPartnerProfileStore profiles, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.PartnerNotFound(partnerId);
        }

        return TypedResults.Ok(ProfileResponse.From(partner, await profiles.GetAsync(partner.Id, cancellationToken)));
    }

    /// <summary>Changes the partner's profile; the name is the one the partner is listed and paid under.</summary>
    public static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateProfileAsync(
        string partnerId, HttpRequest request, IPartnerStore partners, IPartnerProfileStore profiles, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.PartnerNotFound(partnerId);
        }

        var body = await RequestBody.ReadAsync<PartnerProfileDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = body.Value!.Validate();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var profile = body.Value.ToProfile(partner.Id, time.GetUtcNow());
        await profiles.SaveAsync(profile, cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(partner with { Name = profile.Name }, profile));
    }

    /// <summary>The partner's payout details, masked, with the recent changes (who and when).</summary>
    public static async Task<Results<Ok<PayoutDetailsResponse>, ProblemHttpResult>> GetPayoutDetailsAsync(
        string partnerId, IPartnerStore partners, IPayoutDetailsStore details, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.PartnerNotFound(partnerId);
        }

        var current = await details.GetAsync(partner.Id, cancellationToken);
        var changes = await details.ListChangesAsync(partner.Id, ChangesShown, cancellationToken);
        return TypedResults.Ok(PayoutDetailsResponse.From(current, changes));
    }

    /// <summary>
    /// Sets the partner's payout details: PayPal (<c>payPalEmail</c>), or bank or Wise (<c>iban</c>, checked,
    /// and <c>accountHolder</c>). Stored encrypted, answered masked, audited, and the partner is told.
    /// </summary>
    public static async Task<Results<Ok<PayoutDetailsResponse>, ValidationProblem, ProblemHttpResult>> SetPayoutDetailsAsync(
        string partnerId, HttpRequest request, UpdatePayoutDetails update, IPayoutDetailsStore details, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = await RequestBody.ReadAsync<PayoutDetailsDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await update.ExecuteAsync(partnerId, body.Value!, CallerName.Of(user), cancellationToken))
        {
            case UpdatePayoutDetailsOutcome.Updated updated:
                return TypedResults.Ok(PayoutDetailsResponse.From(updated.Details, await details.ListChangesAsync(partnerId, ChangesShown, cancellationToken)));
            case UpdatePayoutDetailsOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            default:
                return Problems.PartnerNotFound(partnerId);
        }
    }
}

/// <summary>A partner's profile as the API shows it.</summary>
public sealed record ProfileResponse(string PartnerId, string Name, string Email, string? Website, string? Channels, string? Country, DateTimeOffset? UpdatedAt)
{
    public static ProfileResponse From(Partner partner, PartnerProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return new(partner.Id, profile?.Name ?? partner.Name, partner.Email, profile?.Website, profile?.Channels, profile?.Country, profile?.UpdatedAt);
    }
}

/// <summary>Payout details as they may be shown: the method and a masked summary (never the full IBAN or e-mail), and the recent changes.</summary>
public sealed record PayoutDetailsResponse(bool Configured, PayoutMethod? Method, string? Masked, IReadOnlyList<PayoutDetailsChangeResponse> Changes)
{
    public static PayoutDetailsResponse From(PayoutDetails? details, IReadOnlyList<PayoutDetailsChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new(details is not null, details?.Method, details?.Masked(), changes.Select(change => new PayoutDetailsChangeResponse(change.At, change.By, change.Method, change.Masked)).ToList());
    }
}

/// <summary>One change of payout details: when, by whom, and the new details masked.</summary>
public sealed record PayoutDetailsChangeResponse(DateTimeOffset At, string By, PayoutMethod Method, string Masked);
