using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Links;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Programs;

/// <summary>The public side of double-sided codes: a shop's checkout reads the buyer's discount without a key.</summary>
public static class CodeLookupEndpoint
{
    public static IEndpointRouteBuilder MapCodeLookup(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/codes/{code}", LookupAsync)
            .WithName("LookupCode")
            .AllowAnonymous()
            .WithTags("Codes")
            .RequirePublicRateLimit(PublicRateLimits.CodeLookups);
        return app;
    }

    /// <summary>
    /// The discount a referral code gives the buyer in a program (<c>?programId=</c>), or 404. Public and
    /// limited per client address; it never says whose code it is.
    /// </summary>
    public static async Task<Results<Ok<CodeDiscountResponse>, ProblemHttpResult>> LookupAsync(
        string code, string? programId, IReferralCodeStore codes, CancellationToken cancellationToken)
    {
        // Unknown program, malformed code and unknown code answer alike, so the lookup tells nothing else.
        var found = string.IsNullOrEmpty(programId) || !ReferralCode.IsWellFormed(code)
            ? null
            : await codes.GetAsync(programId, code, cancellationToken);
        return found is null or { IsRetired: true }
            ? Problems.NotFound("There is no such code in this program.")
            : TypedResults.Ok(new CodeDiscountResponse(found.Code, found.DiscountPercent ?? 0));
    }
}
