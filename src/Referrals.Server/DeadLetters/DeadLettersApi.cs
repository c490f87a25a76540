using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Server.Http;
using Referrals.Storage.Events;

namespace Referrals.Server.DeadLetters;

/// <summary>Messages that kept failing (the poison queues), for the program's manager to see and retry.</summary>
internal static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/dead-letters", ListAsync).WithTags("Dead letters");
        api.MapPost("/programs/{programId}/dead-letters/{messageId}/retry", RetryAsync).WithTags("Dead letters");
        return api;
    }

    /// <summary>
    /// Lists the program's messages that failed every try and were moved to a poison queue, with the
    /// error and the time (the oldest 32 per topic).
    /// </summary>
    private static async Task<Ok<IReadOnlyList<DeadLetterResponse>>> ListAsync(string programId, DeadLetterQueue deadLetters, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>([.. (await deadLetters.ListAsync(programId, cancellationToken)).Select(DeadLetterResponse.From)]);

    /// <summary>Puts a dead letter back on its queue for another try (202), and removes it from the poison queue.</summary>
    private static async Task<Results<Accepted<DeadLetterResponse>, ProblemHttpResult>> RetryAsync(
        string programId, string messageId, DeadLetterQueue deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.RetryAsync(programId, messageId, cancellationToken) is { } letter
            ? TypedResults.Accepted($"/api/v1/programs/{programId}/dead-letters", DeadLetterResponse.From(letter))
            : Problems.NotFound($"There is no dead letter '{Problems.Shorten(messageId)}' in this program.");
}

/// <summary>A message that failed every try: its topic, the event it carried, the last error, when, and how often it was tried.</summary>
public sealed record DeadLetterResponse(string Id, string Topic, string Message, string Error, DateTimeOffset FailedAt, long DequeueCount)
{
    internal static DeadLetterResponse From(DeadLetter letter) =>
        new(letter.Id, letter.Topic, letter.Message, letter.Error, letter.FailedAt, letter.DequeueCount);
}
