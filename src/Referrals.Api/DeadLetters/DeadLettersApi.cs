using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Programs;
using Referrals.Api.Http;
using Referrals.Storage.Events;

namespace Referrals.Api.DeadLetters;

/// <summary>Messages that kept failing (the Storage poison queues, or the Service Bus dead-letter subqueues in Azure), for the program's manager to see and retry.</summary>
public static class DeadLettersApi
{
    private const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/dead-letters", ListAsync).WithName("ListDeadLetters").WithTags("Dead letters");
        api.MapPost("/programs/{programId}/dead-letters/{messageId}/retry", RetryAsync).WithName("RetryDeadLetter").WithTags("Dead letters");
        return api;
    }

    /// <summary>
    /// Lists the program's messages that failed every try and were moved to a poison queue, oldest first,
    /// with the error and the time: <c>limit</c> per page (1 to 100, default 50). When there may be more,
    /// the answer's <c>Link</c> header names the next page (<c>rel="next"</c>, with a <c>continuation</c> token).
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<DeadLetterResponse>>, ProblemHttpResult>> ListAsync(
        string programId, int? limit, string? continuation, HttpResponse response, IProgramStore programs, IDeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > DeadLetterQueue.MaxPageSize)
        {
            return Problems.BadRequest($"'limit' must be between 1 and {DeadLetterQueue.MaxPageSize}.");
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

        var letters = await deadLetters.ListAsync(programId, after, pageSize, cancellationToken);
        if (letters.Count == pageSize)
        {
            var next = $"/api/v1/programs/{Uri.EscapeDataString(programId)}/dead-letters?limit={pageSize}&continuation={Encode(letters[^1].Id)}";
            response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>([.. letters.Select(DeadLetterResponse.From)]);
    }

    /// <summary>Puts a dead letter back on its queue for another try (202), and removes it from the poison queue and the list.</summary>
    public static async Task<Results<Accepted<DeadLetterResponse>, ProblemHttpResult>> RetryAsync(
        string programId, string messageId, IDeadLetters deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.RetryAsync(programId, messageId, cancellationToken) is { } letter
            ? TypedResults.Accepted($"/api/v1/programs/{programId}/dead-letters", DeadLetterResponse.From(letter))
            : Problems.NotFound($"There is no dead letter '{Problems.Shorten(messageId)}' in this program.");

    // The token is the last id of the page, base64url-encoded: opaque to clients, checked on the way back.
    private static string Encode(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    private static string? Decode(string token)
    {
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        return System.Text.Unicode.Utf8.IsValid(bytes) && Encoding.UTF8.GetString(bytes) is var id && IsDeadLetterId(id) ? id : null;
    }

    private static bool IsDeadLetterId(string id) =>
        id.Length is > 20 and <= 200 && id[19] == '-' && id[..19].All(char.IsAsciiDigit) && id[20..].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

/// <summary>A message that failed every try: its topic, the event it carried, the last error, when, and how often it was tried.</summary>
public sealed record DeadLetterResponse(string Id, string Topic, string Message, string Error, DateTimeOffset FailedAt, long DequeueCount)
{
    public static DeadLetterResponse From(DeadLetter letter) =>
        new(letter.Id, letter.Topic, letter.Message, letter.Error, letter.FailedAt, letter.DequeueCount);
}
