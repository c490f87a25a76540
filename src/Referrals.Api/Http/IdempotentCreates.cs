using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Security;
using Referrals.Storage.Requests;

namespace Referrals.Api.Http;

/// <summary>
/// Safe retries of creates (Stripe's convention): a request with an <c>Idempotency-Key</c> header is
/// answered once; a retry with the same key and the same body within 24 hours gets that first answer
/// again (status, body and <c>Location</c>, marked <c>Idempotent-Replayed: true</c>) and creates
/// nothing; the same key with another body is a 422 problem; while the first request still runs, its
/// retries get 409. Keys are the caller's own: two API keys never share one. Only successful answers
/// are kept, so a refused request can be corrected and sent again with its key.
/// Both hosts run it: the server as an endpoint filter (<see cref="IdempotencyKeyEndpoints.WithIdempotencyKey"/>), the
/// Functions app around the same handler.
/// </summary>
public sealed class IdempotentCreates(TableIdempotentRequests requests, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> create)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(create);
        var values = context.Request.Headers[Header];
        if (values.Count == 0)
        {
            return await create();
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is null || key.Length is 0 or > MaxKeyLength || !key.All(c => c is >= ' ' and <= '~'))
        {
            return Problems.BadRequest($"'{Header}' must be one value of 1 to {MaxKeyLength} printable ASCII characters, such as a UUID.");
        }

        var fingerprint = await FingerprintAsync(context.Request, context.RequestAborted);
        if (fingerprint is null)
        {
            // The body is over the limit or unreadable: the handler answers that, and nothing is kept.
            return await create();
        }

        var keyHash = Hash($"{Caller(context)}\n{key}");
        var claimedAt = time.GetUtcNow();
        switch (await requests.ClaimAsync(keyHash, fingerprint, claimedAt, context.RequestAborted))
        {
            case IdempotentClaim.Answered answered:
                context.Response.Headers[ReplayedHeader] = "true";
                return new StoredAnswerResult(answered.Answer);
            case IdempotentClaim.Mismatch:
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", $"This '{Header}' was used for a different request (another body or endpoint); use a new key for a new request.");
            case IdempotentClaim.InProgress:
                context.Response.Headers.RetryAfter = "1";
                return Problems.Conflict($"A request with this '{Header}' is still being answered; retry in a moment to get its answer.");
        }

        IdempotentAnswer answer;
        try
        {
            answer = await CaptureAsync(context, await create());
        }
        catch
        {
            await requests.ReleaseAsync(keyHash, CancellationToken.None);
            throw;
        }

        if (answer.Status is >= 200 and < 300 && answer.Body.Length <= TableIdempotentRequests.MaxBodyBytes)
        {
            await requests.CompleteAsync(keyHash, fingerprint, claimedAt, answer, CancellationToken.None);
        }
        else
        {
            await requests.ReleaseAsync(keyHash, CancellationToken.None);
        }

        return new StoredAnswerResult(answer);
    }

    /// <summary>Runs the handler's answer into memory, so it can be kept before it is sent.</summary>
    private static async Task<IdempotentAnswer> CaptureAsync(HttpContext context, IResult result)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await result.ExecuteAsync(context);
        }
        finally
        {
            response.Body = original;
        }

        return new IdempotentAnswer(response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, buffer.ToArray());
    }

    // Method, path and body: the same key on another endpoint or with another body is another request.
    private static async Task<string?> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RequestBody.MaxBytes)
        {
            return null;
        }

        request.EnableBuffering(RequestBody.MaxBytes + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.PathBase}{request.Path}\n"));
        var chunk = new byte[8192];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += read;
                if (total > RequestBody.MaxBytes)
                {
                    return null;
                }

                hash.AppendData(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Caller(HttpContext context) =>
        context.User.FindFirst(ReferralClaims.KeyId)?.Value ?? context.User.Identity?.Name ?? "anonymous";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A kept answer, given again as it was first given.</summary>
    private sealed class StoredAnswerResult(IdempotentAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.Status;
            if (answer.ContentType is not null)
            {
                response.ContentType = answer.ContentType;
            }

            if (answer.Location is not null)
            {
                response.Headers.Location = answer.Location;
            }

            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}
