using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Conversions;
using Referrals.Core.Programs;

namespace Referrals.Api.Conversions;

/// <summary>A program's conversions, listed with filters.</summary>
public static class ConversionListApi
{
    public static RouteGroupBuilder MapConversionListApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/conversions", ListConversionsAsync).Describe("ListConversions", "Conversions").AllowRoles(EndpointRoles.Conversions);
        return api;
    }

    /// <summary>
    /// The program's conversions in id order, a page at a time (<c>limit</c> 1 to 100, default 50, and the
    /// <c>continuation</c> token of the <c>Link: rel="next"</c> header), filtered by when they occurred
    /// (<c>from</c> inclusive, <c>to</c> exclusive, ISO 8601), <c>source</c> (api, stripe, paddle, generic),
    /// <c>status</c> (awaitingAttribution, attributed, unattributed) and the credited <c>partnerId</c>.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ConversionResponse>>, ProblemHttpResult>> ListConversionsAsync(
        string programId, string? from, string? to, string? source, string? status, string? partnerId, int? limit, string? continuation,
        HttpRequest request, IProgramStore programs, IConversionListing conversions, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (!QueryValues.TryParseTime(from, out var fromTime) || !QueryValues.TryParseTime(to, out var toTime))
        {
            return Problems.BadRequest("'from' and 'to' must be ISO 8601 times such as 2025-03-01T00:00:00Z.");
        }

        if (fromTime > toTime)
        {
            return Problems.BadRequest("'from' must not be after 'to'.");
        }

        if (!QueryValues.TryParseEnum<ConversionStatus>(status, out var statusFilter))
        {
            return Problems.BadRequest("'status' must be awaitingAttribution, attributed or unattributed.");
        }

        if (source is { Length: > 40 } || partnerId is { Length: > 200 })
        {
            return Problems.BadRequest("'source' or 'partnerId' is too long to be one.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var filter = new ConversionFilter(fromTime, toTime, string.IsNullOrEmpty(source) ? null : source, statusFilter, string.IsNullOrEmpty(partnerId) ? null : partnerId);
        var page = await conversions.ListAsync(programId, filter, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok<IReadOnlyList<ConversionResponse>>([.. page.Items.Select(ConversionResponse.From)]);
    }
}
