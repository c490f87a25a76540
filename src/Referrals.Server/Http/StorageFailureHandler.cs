using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Referrals.Core.Tracking;

namespace Referrals.Server.Http;

/// <summary>
/// Turns failures of the storage behind a request into 503 with Retry-After, so a client (or a
/// payment provider) retries instead of treating the request as refused. Nothing was acknowledged.
/// </summary>
internal sealed partial class StorageFailureHandler(IProblemDetailsService problems, ILogger<StorageFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            httpContext.Response.StatusCode = badRequest.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = { Status = badRequest.StatusCode, Title = "Bad request", Detail = badRequest.Message },
            });
        }

        if (exception is not (RequestFailedException or ClickNotStoredException or ClickRecorderStoppedException or TimeoutException or HttpRequestException))
        {
            return false;
        }

        LogStorageFailure(logger, exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "The request could not be stored right now and was not acknowledged; retry it.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while handling {Path}")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, PathString path);
}
