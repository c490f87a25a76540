using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Commissions;
using Referrals.Core.Programs;
using Referrals.Server.Http;

namespace Referrals.Server.Commissions;

/// <summary>Reading a program's commissions.</summary>
internal static class CommissionsApi
{
    public static RouteGroupBuilder MapCommissionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/commissions", ListAsync).WithTags("Commissions");
        return api;
    }

    /// <summary>A program's commissions, newest first, optionally of one partner (<c>partnerId</c>) and one <c>status</c>.</summary>
    private static async Task<Results<Ok<IReadOnlyList<CommissionResponse>>, ProblemHttpResult>> ListAsync(
        string programId, string? partnerId, string? status, IProgramStore programs, ICommissionStore commissions, CancellationToken cancellationToken)
    {
        CommissionStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<CommissionStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status[0]))
            {
                return Problems.BadRequest("'status' must be one of pending, approved, paid, flagged, rejected.");
            }

            statusFilter = parsed;
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var list = await commissions.ListAsync(programId, string.IsNullOrEmpty(partnerId) ? null : partnerId, statusFilter, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CommissionResponse>>(list.Select(CommissionResponse.From).ToArray());
    }
}
