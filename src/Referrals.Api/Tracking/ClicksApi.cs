using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Tracking;
using Referrals.Api.Http;

namespace Referrals.Api.Tracking;

/// <summary>Reading clicks back by id.</summary>
public static class ClicksApi
{
    public static RouteGroupBuilder MapClicksApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clicks/{clickId}", GetClickAsync).WithName("GetClick").WithTags("Tracking");
        return api;
    }

    /// <summary>Returns a stored click; the id names its partition, so this is one point read.</summary>
    public static async Task<Results<Ok<ClickResponse>, ProblemHttpResult>> GetClickAsync(
        string clickId, IClickLog clicks, CancellationToken cancellationToken)
    {
        if (!ClickId.TryParse(clickId, out var id))
        {
            return Problems.BadRequest($"'{Problems.Shorten(clickId)}' is not a click id (the ref_click value of a landing URL).");
        }

        return await clicks.GetAsync(id, cancellationToken) is { } click
            ? TypedResults.Ok(ClickResponse.From(click))
            : Problems.NotFound($"There is no click '{id}'.");
    }
}
