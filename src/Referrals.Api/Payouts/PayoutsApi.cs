using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Validation;
using Referrals.Api.Http;

namespace Referrals.Api.Payouts;

/// <summary>Payout runs: starting one (admin), reading it, deciding it and its payout file (finance or admin).</summary>
public static class PayoutsApi
{
    public const int MaxHeldLines = 100;

    public static RouteGroupBuilder MapPayoutRunStart(this RouteGroupBuilder api)
    {
        api.MapPost("/programs/{programId}/payout-runs", StartAsync).WithName("StartPayoutRun").Accepts<PayoutRunRequest>("application/json").WithTags("Payouts").WithIdempotencyKey();
        return api;
    }

    public static RouteGroupBuilder MapPayoutRunsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/payout-runs/{runId}", GetAsync).WithName("GetPayoutRun").WithTags("Payouts");
        api.MapPost("/payout-runs/{runId}/decision", DecideAsync).WithName("DecidePayoutRun").Accepts<PayoutDecisionRequest>("application/json").WithTags("Payouts");
        api.MapGet("/payout-runs/{runId}/payouts.csv", CsvAsync).WithName("GetPayoutFile").WithTags("Payouts");
        return api;
    }

    /// <summary>Starts the program's payout run for the period ending at <c>periodEnd</c> (not in the future): 201 when new, 200 with the run that exists.</summary>
    public static async Task<Results<Created<PayoutRunResponse>, Ok<PayoutRunResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        string programId, HttpRequest request, StartPayoutRun start, PayoutRunSteps steps, IPayoutRunStore runs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PayoutRunRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await start.ExecuteAsync(programId, body.Value!.PeriodEnd, user.Identity?.Name ?? "admin", cancellationToken))
        {
            case StartPayoutRunOutcome.Started started:
                var run = await steps.AdvanceAsync(started.Run.Id, cancellationToken) ?? started.Run;
                var response = PayoutRunResponse.From(run, await LinesAsync(runs, run.Id, cancellationToken));
                return started.Created
                    ? TypedResults.Created($"/api/v1/payout-runs/{run.Id}", response)
                    : TypedResults.Ok(response);
            case StartPayoutRunOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            default:
                return Problems.ProgramNotFound(programId);
        }
    }

    /// <summary>A run: state, deadline, totals, lines and the timeline of every transition with time, actor and reason.</summary>
    public static async Task<Results<Ok<PayoutRunResponse>, ProblemHttpResult>> GetAsync(string runId, IPayoutRunStore runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(runId, cancellationToken) is { } stored
            ? TypedResults.Ok(PayoutRunResponse.From(stored.Run, await LinesAsync(runs, runId, cancellationToken)))
            : RunNotFound(runId);

    /// <summary>Finance decides a run awaiting a decision: approve (optionally holding back lines, each with a reason in <c>holdReasons</c>) or reject, always with a reason.</summary>
    public static async Task<Results<Ok<PayoutRunResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string runId, HttpRequest request, DecidePayoutRun decide, IPayoutRunStore runs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var read = await ReadDecisionAsync(request, user, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        if (read.Invalid is not null)
        {
            return read.Invalid;
        }

        return await decide.ExecuteAsync(runId, read.Decision!, cancellationToken) switch
        {
            PayoutDecisionResult.Decided decided => TypedResults.Ok(PayoutRunResponse.From(decided.Run, await LinesAsync(runs, runId, cancellationToken))),
            PayoutDecisionResult.Invalid invalid => Problems.Invalid(invalid.Errors),
            var refused => Refused(refused, runId),
        };
    }

    /// <summary>Reads finance's decision request: the decision, or the problem with the request.</summary>
    public static async Task<DecisionRead> ReadDecisionAsync(HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PayoutDecisionRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return new DecisionRead(null, null, body.Problem);
        }

        var draft = body.Value!;
        var errors = new ValidationErrors();
        if (draft.Decision is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("decision", "'decision' must be 'approve' or 'reject'.");
        }

        var holds = draft.HoldPartnerIds ?? [];
        if (holds.Count > MaxHeldLines)
        {
            errors.Add("holdPartnerIds", $"At most {MaxHeldLines} lines can be held back in one decision.");
        }

        if (draft.Reason is { Length: > 1000 })
        {
            errors.Add("reason", "'reason' may be at most 1000 characters.");
        }

        if (!errors.IsEmpty)
        {
            return new DecisionRead(null, Problems.Invalid(errors), null);
        }

        var held = holds.Where(id => id is not null).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => draft.HoldReasons?.GetValueOrDefault(id) ?? string.Empty, StringComparer.Ordinal);
        return new DecisionRead(new PayoutDecision(draft.Decision!.Value, user.Identity?.Name ?? "finance", draft.Reason ?? string.Empty, held), null, null);
    }

    /// <summary>The answer to a decision the run refused: not awaiting one, past its deadline, or no such run.</summary>
    public static ProblemHttpResult Refused(PayoutDecisionResult result, string runId) => result switch
    {
        PayoutDecisionResult.NotAwaiting notAwaiting => Problems.Conflict($"The run is {notAwaiting.State}, not awaiting a decision."),
        PayoutDecisionResult.PastDeadline past => Problems.Conflict($"The deadline {past.Deadline:O} has passed: the run expired and nothing was paid."),
        _ => RunNotFound(runId),
    };

    /// <summary>The payout file of a paid run for the bank or payment platform: partner, e-mail, amount, currency, reference.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(
        string runId, IPayoutRunStore runs, IPartnerStore partners, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
        {
            return RunNotFound(runId);
        }

        if (stored.Run.State != PayoutRunState.Paid)
        {
            return Problems.Conflict($"The run is {stored.Run.State}; its payout file exists once it is approved and paid.");
        }

        return TypedResults.File(await PayoutFile.BuildAsync(stored.Run, runs, partners, cancellationToken), PayoutFile.ContentType, PayoutFile.NameOf(runId));
    }

    private static async Task<IReadOnlyList<PayoutLine>> LinesAsync(IPayoutRunStore runs, string runId, CancellationToken cancellationToken)
    {
        var lines = new List<PayoutLine>();
        await foreach (var line in runs.StreamLinesAsync(runId, cancellationToken))
        {
            lines.Add(line);
        }

        return lines;
    }

    private static ProblemHttpResult RunNotFound(string runId) => Problems.NotFound($"There is no payout run '{Problems.Shorten(runId)}'.");
}

/// <summary>Finance's decision as read from a request, or the problem with it.</summary>
public sealed record DecisionRead(PayoutDecision? Decision, ValidationProblem? Invalid, ProblemHttpResult? Problem);
