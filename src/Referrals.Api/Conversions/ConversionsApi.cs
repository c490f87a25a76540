using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Conversions;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Conversions;

/// <summary>The server-to-server conversions API shops call when a referred buyer signs up or pays.</summary>
public static class ConversionsApi
{
    public static RouteGroupBuilder MapConversionsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/programs/{programId}/conversions", RecordAsync).WithName("RecordConversion").Accepts<ConversionDraft>("application/json").WithTags("Conversions").AllowRoles(EndpointRoles.Conversions).WithRequestBudget().WithIdempotencyKey().RefusesArchivedProgram();
        api.MapGet("/programs/{programId}/conversions/{conversionId}", GetAsync).WithName("GetConversion").WithTags("Conversions").AllowRoles(EndpointRoles.Conversions);
        return api;
    }

    /// <summary>
    /// Reports a lead or sale. 202 when accepted for attribution; the same <c>eventId</c> again answers
    /// 200 with the same conversion id and changes nothing. An archived program takes no new lead, sale or
    /// renewal (409); refunds, chargebacks and reinstatements of earlier payments are still recorded. Money in
    /// another currency than the program's is converted at the ECB reference rate of the day it occurred (or the
    /// latest earlier one); 422 when there is no such rate within 10 days.
    /// </summary>
    public static async Task<Results<Accepted<ConversionAccepted>, Ok<ConversionAccepted>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string programId, HttpRequest request, RecordConversion recordConversion, ReferralMetrics metrics, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ConversionDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await recordConversion.ExecuteAsync(programId, RecordConversion.ApiSource, body.Value!, cancellationToken))
        {
            case RecordConversionOutcome.Accepted accepted:
                metrics.ConversionReceived(RecordConversion.ApiSource, accepted.Duplicate);
                var answer = new ConversionAccepted(accepted.ConversionId, accepted.Duplicate);
                return accepted.Duplicate
                    ? TypedResults.Ok(answer)
                    : TypedResults.Accepted($"/api/v1/programs/{programId}/conversions/{accepted.ConversionId}", answer);
            case RecordConversionOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case RecordConversionOutcome.ProgramArchived:
                return Problems.ProgramArchived(programId);
            case RecordConversionOutcome.NoExchangeRate missing:
                return Problems.NoExchangeRate(missing);
            default:
                return Problems.ProgramNotFound(programId);
        }
    }

    /// <summary>Returns a conversion with its attribution decision and reason.</summary>
    public static async Task<Results<Ok<ConversionResponse>, ProblemHttpResult>> GetAsync(
        string programId, string conversionId, IConversionStore conversions, CancellationToken cancellationToken) =>
        await conversions.GetAsync(programId, conversionId, cancellationToken) is { } conversion
            ? TypedResults.Ok(ConversionResponse.From(conversion))
            : Problems.NotFound($"There is no conversion '{Problems.Shorten(conversionId)}' in this program.");
}
