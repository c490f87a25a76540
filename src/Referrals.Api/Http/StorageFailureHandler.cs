using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Referrals.Core.Tracking;

namespace Referrals.Api.Http;

/// <summary>
/// Turns failures of the storage behind a request into 503 with Retry-After, so a client (or a
/// payment provider) retries instead of treating the request as refused. Nothing was acknowledged.
/// </summary>
public sealed partial class StorageFailureHandler(ILogger<StorageFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Answer(httpContext, exception, logger) is not { } answer)
        {
            return false;
        }

        await answer.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// The answer to a request that failed with <paramref name="exception"/>: its own 4xx for a bad request,
    /// 503 with <c>Retry-After</c> for a failure of storage (logged), or null for anything else (a bug).
    /// Both hosts answer through this, the server as an exception handler and the Functions app around
    /// every HTTP function.
    /// </summary>
    public static IResult? Answer(HttpContext httpContext, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is BadHttpRequestException badRequest)
        {
            return Problems.Status(badRequest.StatusCode, "Bad request", badRequest.Message);
        }

        // A cancellation the client did not cause is a storage call that timed out or outlasted the
        // request's budget (RequestBudget): storage did not answer in time, so the sender should retry.
        var timedOut = !RequestBudget.ClientLeft(httpContext);
        if (!IsStorageFailure(exception, timedOut))
        {
            return null;
        }

        LogStorageFailure(logger, exception, httpContext.Request.Path);
        httpContext.Response.Headers.RetryAfter = "1";
        return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "The request could not be stored right now and was not acknowledged; retry it.");
    }

    // The Azure SDK reports a transport that failed on every retry (storage not answering at all) as an
    // AggregateException of the attempts' RequestFailedExceptions.
    // A network timeout of the SDK surfaces as a TaskCanceledException (or an AggregateException of them
    // after retries) although nobody cancelled.
    private static bool IsStorageFailure(Exception exception, bool timedOut) => exception switch
    {
        RequestFailedException or ClickNotStoredException or ClickRecorderStoppedException or TimeoutException or HttpRequestException => true,
        OperationCanceledException => timedOut,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => IsStorageFailure(inner, timedOut)),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while handling {Path}")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, PathString path);
}
