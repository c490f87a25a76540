using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.DeadLetters;
using Referrals.Api.Security;
using Referrals.Core.Programs;
using Referrals.Storage.Events;

namespace Referrals.Functions.Http;

/// <summary>
/// The dead-letter API in the Functions app: the host library's handlers over the event bus's dead
/// letters (the Service Bus dead-letter subqueues in Azure, the Storage poison queues without a namespace).
/// </summary>
public sealed class DeadLetterFunctions(HttpFunctionRunner http, IProgramStore programs, IDeadLetters deadLetters)
{
    [Function("ListDeadLetters")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/dead-letters")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await DeadLettersApi.ListAsync(
            programId, Limit(request), request.Query["continuation"].ToString() is { Length: > 0 } token ? token : null, request.HttpContext.Response, programs, deadLetters, cancellationToken), programId);

    [Function("RetryDeadLetter")]
    public Task<IActionResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/dead-letters/{messageId}/retry")] HttpRequest request, string programId, string messageId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await DeadLettersApi.RetryAsync(programId, messageId, deadLetters, cancellationToken), programId);

    // A limit that is not a number is out of range, so the handler answers it with its problem.
    private static int? Limit(HttpRequest request) =>
        request.Query["limit"].ToString() is { Length: > 0 } text ? (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) ? limit : -1) : null;
}
