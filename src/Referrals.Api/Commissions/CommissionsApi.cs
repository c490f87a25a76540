using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Payouts;
using Referrals.Core.Validation;
using Referrals.Core.Programs;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Commissions;

/// <summary>Reading a program's commissions and reviewing flagged ones.</summary>
public static class CommissionsApi
{
    public static RouteGroupBuilder MapCommissionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/commissions", ListAsync).WithName("ListCommissions").WithTags("Commissions").AllowRoles(EndpointRoles.ListCommissions);
        api.MapGet("/programs/{programId}/commissions/{commissionId}", GetAsync).WithName("GetCommission").WithTags("Commissions").AllowRoles(EndpointRoles.ReadCommission);
        api.MapPost("/programs/{programId}/commissions/{commissionId}/review", ReviewAsync).WithName("ReviewCommission").Accepts<ReviewRequest>("application/json").WithTags("Commissions");
        api.MapPost("/programs/{programId}/tiers/close", CloseTiersAsync).WithName("CloseTiers").Accepts<CloseTiersRequest>("application/json").WithTags("Commissions");
        return api;
    }

    /// <summary>
    /// Closes a period's tiers by hand (<c>{"period":"2025-03"}</c>, or <c>2025-W11</c> for a weekly
    /// program), for corrections: the payout run of an ended period closes them by itself. Every partner
    /// whose results in the period reached a higher tier gets one adjustment line, and earlier periods
    /// changed by late refunds or sales get a correction line. Calling it again, or after the run closed
    /// the period, answers the same lines.
    /// </summary>
    public static async Task<Results<Ok<TierCloseResponse>, ValidationProblem, ProblemHttpResult>> CloseTiersAsync(
        string programId, HttpRequest request, CloseTiers closeTiers, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<CloseTiersRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return await closeTiers.RunAsync(programId, body.Value!.Period, cancellationToken) switch
        {
            CloseTiersOutcome.Closed closed => TypedResults.Ok(new TierCloseResponse(closed.Period.Key, closed.Lines.Select(CommissionResponse.From).ToArray())),
            CloseTiersOutcome.InvalidPeriod invalid => Problems.Invalid(new ValidationErrors().Add(
                "period",
                invalid.Schedule == PayoutSchedule.Weekly ? "'period' is an ISO week such as 2025-W11 (the program pays weekly)." : "'period' is a month such as 2025-03.")),
            _ => Problems.ProgramNotFound(programId),
        };
    }

    /// <summary>
    /// A program's commissions, newest first, optionally of one partner (<c>partnerId</c>) and one
    /// <c>status</c>. A partner's key sees only its own.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<CommissionResponse>>, ProblemHttpResult>> ListAsync(
        string programId, string? partnerId, string? status, HttpContext context, IProgramStore programs, ICommissionStore commissions, CancellationToken cancellationToken)
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

        partnerId = context.User.PartnerFilter(partnerId);
        var list = await commissions.ListAsync(programId, string.IsNullOrEmpty(partnerId) ? null : partnerId, statusFilter, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CommissionResponse>>(list.Select(CommissionResponse.From).ToArray());
    }

    /// <summary>One commission with its explanation, the attribution method and reason, the fraud flag and any review.</summary>
    public static async Task<Results<Ok<CommissionDetails>, ProblemHttpResult>> GetAsync(
        string programId, string commissionId, ICommissionReviewStore reviews, IConversionStore conversions, CancellationToken cancellationToken)
    {
        if (await reviews.FindAsync(programId, commissionId, cancellationToken) is not { } commission)
        {
            return Problems.NotFound($"There is no commission '{Problems.Shorten(commissionId)}' in this program.");
        }

        return TypedResults.Ok(await DetailsAsync(commission, reviews, conversions, cancellationToken));
    }

    /// <summary>
    /// Decides a flagged commission: <c>approve</c> moves it to pending (paid as usual after the hold),
    /// <c>reject</c> to rejected; who, when and why are recorded. 409 when the commission is not flagged.
    /// </summary>
    public static async Task<Results<Ok<CommissionDetails>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        string programId,
        string commissionId,
        HttpRequest request,
        ICommissionReviewStore reviews,
        IConversionStore conversions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ReviewRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new ValidationErrors();
        if (body.Value!.Decision is not { } decision || !Enum.IsDefined(decision))
        {
            errors.Add("decision", "'decision' must be approve or reject.");
        }

        if (string.IsNullOrWhiteSpace(body.Value.Reason) || body.Value.Reason.Length > 1000)
        {
            errors.Add("reason", "'reason' is required: why, in at most 1000 characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (await reviews.FindAsync(programId, commissionId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"There is no commission '{Problems.Shorten(commissionId)}' in this program.");
        }

        var review = new CommissionReview(body.Value.Decision!.Value, body.Value.Reason!.Trim(), request.HttpContext.User.Identity?.Name ?? "unknown", time.GetUtcNow());
        var result = await reviews.ReviewAsync(found.PartnerId, found.Id, review, cancellationToken);
        if (result is null)
        {
            return Problems.NotFound($"There is no commission '{Problems.Shorten(commissionId)}' in this program.");
        }

        if (!result.Applied)
        {
            return Problems.Conflict($"Commission '{Problems.Shorten(commissionId)}' is {result.Commission.Status.ToString().ToLowerInvariant()}, not flagged; only flagged commissions are reviewed.");
        }

        return TypedResults.Ok(await DetailsAsync(result.Commission, reviews, conversions, cancellationToken));
    }

    private static async Task<CommissionDetails> DetailsAsync(Commission commission, ICommissionReviewStore reviews, IConversionStore conversions, CancellationToken cancellationToken)
    {
        var conversion = await conversions.GetAsync(commission.ProgramId, commission.ConversionId, cancellationToken);
        var review = await reviews.GetReviewAsync(commission.PartnerId, commission.Id, cancellationToken);
        var attribution = conversion?.Attribution;
        return new CommissionDetails(
            CommissionResponse.From(commission),
            attribution is null ? null : JsonNamingPolicy.CamelCase.ConvertName(attribution.Method.ToString()),
            attribution?.Reason,
            attribution?.Flag,
            review);
    }
}
