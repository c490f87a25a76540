using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Programs;
using Referrals.Core.Webhooks;
using Referrals.Api.Http;

namespace Referrals.Api.Webhooks;

/// <summary>Verified webhook events that were answered 200 but not used, for the program's manager to see and process again.</summary>
public static class IgnoredEventsApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapIgnoredEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/ignored-events", ListAsync).WithName("ListIgnoredEvents").WithTags("Webhooks");
        api.MapPost("/programs/{programId}/ignored-events/{eventId}/retry", RetryAsync).WithName("RetryIgnoredEvent").WithTags("Webhooks");
        return api;
    }

    /// <summary>
    /// Lists the program's verified webhook events that were not used, newest first, with the provider, event
    /// id and type, the reason and the time: <c>limit</c> per page (1 to 100, default 50). When there may be
    /// more, the answer's <c>Link</c> header names the next page (<c>rel="next"</c>, with a <c>continuation</c> token).
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<IgnoredEventResponse>>, ProblemHttpResult>> ListAsync(
        string programId, int? limit, string? continuation, HttpResponse response, IProgramStore programs, IIgnoredEventStore ignored, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Problems.BadRequest($"'limit' must be between 1 and {MaxPageSize}.");
        }

        string? after = null;
        if (!string.IsNullOrEmpty(continuation) && (after = Decode(continuation)) is null)
        {
            return Problems.BadRequest("'continuation' is not a token this API handed out; start again without it.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var page = await ignored.ListAsync(programId, after, pageSize, cancellationToken);
        if (page.Continuation is { } next)
        {
            response.Headers.Link = $"</api/v1/programs/{Uri.EscapeDataString(programId)}/ignored-events?limit={pageSize}&continuation={Encode(next)}>; rel=\"next\"";
        }

        return TypedResults.Ok<IReadOnlyList<IgnoredEventResponse>>([.. page.Events.Select(IgnoredEventResponse.From)]);
    }

    /// <summary>
    /// Processes a kept event again from its stored body (already verified), as if it had just arrived, with the
    /// same idempotency key: an event recorded meanwhile changes nothing. 200 with the new outcome
    /// (<c>recorded</c>, <c>linked</c> or <c>ignored</c> with the reason); 404 when no such event was kept; 409
    /// when its body was too long to keep whole.
    /// </summary>
    public static async Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> RetryAsync(
        string programId, string eventId, HttpRequest request, IIgnoredEventStore ignored, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ignored.GetAsync(programId, eventId, cancellationToken) is not { } kept)
        {
            return Problems.NotFound($"No ignored event '{Problems.Shorten(eventId)}' was kept for this program.");
        }

        if (kept.Truncated)
        {
            return TypedResults.Problem($"The body of event '{Problems.Shorten(eventId)}' was longer than {IgnoredEvent.MaxBodyBytes} bytes and was kept only in part; ask the provider to send it again.", statusCode: StatusCodes.Status409Conflict);
        }

        var provider = kept.Source switch
        {
            "stripe" => WebhookProvider.Stripe,
            "paddle" => WebhookProvider.Paddle,
            _ => WebhookProvider.Generic,
        };
        var result = await WebhooksApi.ProcessAsync(provider, programId, kept.Body.ToArray(), request.HttpContext.RequestServices, keepIgnored: false, cancellationToken);
        if (result.Result is Ok<WebhookAnswer> { Value: { } answer })
        {
            var outcome = answer.Status == "ignored" ? answer.Reason ?? "ignored" : $"Retried: {answer.Status}{(answer.ConversionId is null ? string.Empty : " as " + answer.ConversionId)}.";
            await ignored.MarkRetriedAsync(programId, kept.EventId, outcome, time.GetUtcNow(), cancellationToken);
        }

        return result;
    }

    private static string Encode(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string token)
    {
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        return System.Text.Unicode.Utf8.IsValid(bytes) && Encoding.UTF8.GetString(bytes) is { Length: > 2 and <= 100 } text
            && text.StartsWith("t_", StringComparison.Ordinal) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? text : null;
    }
}

/// <summary>A verified webhook event that was not used: provider, event id and type, why, when, and when it was last retried.</summary>
public sealed record IgnoredEventResponse(string Provider, string EventId, string? Type, string Reason, DateTimeOffset IgnoredAt, DateTimeOffset? RetriedAt, bool Truncated)
{
    public static IgnoredEventResponse From(IgnoredEvent ignored)
    {
        ArgumentNullException.ThrowIfNull(ignored);
        return new(ignored.Source, ignored.EventId, ignored.Type, ignored.Reason, ignored.IgnoredAt, ignored.RetriedAt, ignored.Truncated);
    }
}
