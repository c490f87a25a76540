using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Statements;

namespace Referrals.Api.Statements;

/// <summary>A partner's statement per period, as JSON and as CSV. A partner's key reads only its own.</summary>
public static class StatementsApi
{
    public static RouteGroupBuilder MapStatementsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/partners/{partnerId}/statements/{period}", GetAsync)
            .WithName("GetPartnerStatement")
            .WithTags("Statements")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowRoles(EndpointRoles.ReadStatement);
        api.MapGet("/partners/{partnerId}/statements/{period}/statement.csv", CsvAsync)
            .WithName("GetPartnerStatementFile")
            .WithTags("Statements")
            .Produces(StatusCodes.Status200OK, contentType: StatementFile.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowRoles(EndpointRoles.ReadStatement);
        return api;
    }

    /// <summary>
    /// The partner's statement for a period (<c>2025-03</c>, or <c>2025-W11</c> for a weekly program):
    /// sales and refunds, commissions by rule with how each was computed, the tier reached and what the
    /// next tier needs, and the partner's line of the period's payout run.
    /// </summary>
    public static async Task<Results<Ok<StatementResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string partnerId, string period, ReadPartnerStatement statements, CancellationToken cancellationToken) =>
        await statements.ExecuteAsync(partnerId, period, cancellationToken) switch
        {
            ReadStatementOutcome.Found found => TypedResults.Ok(StatementResponse.From(found.Statement)),
            ReadStatementOutcome.InvalidPeriod invalid => InvalidPeriod(invalid.Schedule),
            _ => PartnerNotFound(partnerId),
        };

    /// <summary>The same statement as a CSV file, one row per commission, then the totals, the tier and the payout line.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> CsvAsync(
        string partnerId, string period, ReadPartnerStatement statements, CancellationToken cancellationToken) =>
        await statements.ExecuteAsync(partnerId, period, cancellationToken) switch
        {
            ReadStatementOutcome.Found found => TypedResults.File(StatementFile.Build(found.Statement), StatementFile.ContentType, StatementFile.NameOf(found.Statement)),
            ReadStatementOutcome.InvalidPeriod invalid => InvalidPeriod(invalid.Schedule),
            _ => PartnerNotFound(partnerId),
        };

    private static ValidationProblem InvalidPeriod(PayoutSchedule schedule) =>
        Problems.Invalid(new Core.Validation.ValidationErrors().Add(
            "period",
            schedule == PayoutSchedule.Weekly ? "'period' is an ISO week such as 2025-W11 (the program pays weekly)." : "'period' is a month such as 2025-03."));

    private static ProblemHttpResult PartnerNotFound(string partnerId) => Problems.PartnerNotFound(partnerId);
}
