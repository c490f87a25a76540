using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Core.Changes;
using Referrals.Core.Programs;

namespace Referrals.Api.Changes;

/// <summary>The audit trail of a program: every change made through the API.</summary>
public static class ChangesApi
{
    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/changes", ListChangesAsync).Describe("ListChanges", "Changes");
        return api;
    }

    /// <summary>
    /// The program's changes, newest first: who (the caller's key), when, which resource, what was done
    /// and each field before and after (as JSON text). A page at a time like every list.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ChangeRecord>>, ProblemHttpResult>> ListChangesAsync(
        string programId, int? limit, string? continuation, HttpRequest request, IProgramStore programs, IChangeLog changes, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var page = await changes.ListAsync(programId, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok(page.Items);
    }
}
