using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Api.Payouts;

/// <summary>A program's payout runs, listed by state.</summary>
public static class PayoutRunListApi
{
    public static RouteGroupBuilder MapPayoutRunListApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/payout-runs", ListPayoutRunsAsync).Describe("ListPayoutRuns", "Payouts").AllowRoles(EndpointRoles.PayoutRuns);
        return api;
    }

    /// <summary>
    /// The program's payout runs in id order (one per period), optionally in one <c>state</c>, a page at a
    /// time like every list. Their lines are left out here: <c>GET /api/v1/payout-runs/{runId}</c> has them.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<PayoutRunResponse>>, ProblemHttpResult>> ListPayoutRunsAsync(
        string programId, string? state, int? limit, string? continuation, HttpRequest request, IProgramStore programs, IPayoutRunStore runs, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (!QueryValues.TryParseEnum<PayoutRunState>(state, out var stateFilter))
        {
            return Problems.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetNames<PayoutRunState>().Select(name => char.ToLowerInvariant(name[0]) + name[1..]))}.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        // A program has one run per period, so its runs are read in one partition query and paged here.
        var page = (await runs.ListAsync(programId, cancellationToken))
            .Where(run => stateFilter is null || run.State == stateFilter)
            .Where(run => after is null || string.CompareOrdinal(run.Id, after) > 0)
            .OrderBy(run => run.Id, StringComparer.Ordinal)
            .Take(pageSize)
            .ToArray();
        Paging.LinkNext(request, page.Length == pageSize ? page[^1].Id : null);
        return TypedResults.Ok<IReadOnlyList<PayoutRunResponse>>([.. page.Select(run => PayoutRunResponse.From(run, []))]);
    }
}
