using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Referrals.Api.Http;

/// <summary>
/// Reads a JSON request body with the limits every endpoint shares (64 KiB, JSON content type, valid
/// UTF-8 and JSON of the expected shape), answering each failure with a problem that names it. Reading
/// the body here rather than through parameter binding is what makes those answers precise and keeps
/// the limit the same under Kestrel, IIS and the test host.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON with 'Content-Type: application/json'.");
        }

        var raw = await ReadBytesAsync(request, cancellationToken);
        if (raw.Problem is not null)
        {
            return raw.Problem;
        }

        var body = raw.Body!;
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return Problems.BadRequest("The request body is not valid JSON for this request: it is not valid UTF-8.");
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, options);
            return value is null ? Problems.BadRequest("The request body is null; send a JSON object.") : new BodyResult<T>(value, null);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at '{exception.Path}'";
            return Problems.BadRequest($"The request body is not valid JSON for this request{where}: {FirstSentence(exception.Message)}");
        }
    }

    /// <summary>
    /// Reads the body as raw bytes within the same 64 KiB limit, for callers that must see exactly what
    /// was sent (webhook signatures are computed over the raw bytes, before any parsing).
    /// </summary>
    public static async Task<RawBodyResult> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return new RawBodyResult(null, TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            try
            {
                int read;
                while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), cancellationToken)) > 0)
                {
                    length += read;
                }
            }
            catch (IOException exception) when (exception is not BadHttpRequestException)
            {
                // Kestrel reports some broken chunked framing (a chunk size that overflows) as a plain IOException.
                return new RawBodyResult(null, Unreadable());
            }

            if (length > MaxBytes)
            {
                return new RawBodyResult(null, TooLarge());
            }

            return length == 0
                ? new RawBodyResult(null, Problems.BadRequest("The request body is empty; send the JSON document."))
                : new RawBodyResult(buffer.AsSpan(0, length).ToArray(), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer when the body's framing itself is broken, so no byte of it can be trusted.</summary>
    public static ProblemHttpResult Unreadable() =>
        Problems.BadRequest("The request body could not be read: its framing (Content-Length or chunked encoding) is broken.");

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The request body may be at most {MaxBytes / 1024} KiB.");

    // System.Text.Json appends path and position details we already report; keep the first sentence.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>Either the parsed body or the problem that stopped it.</summary>
public readonly record struct BodyResult<T>(T? Value, ProblemHttpResult? Problem)
    where T : class
{
    public static implicit operator BodyResult<T>(ProblemHttpResult problem) => new(null, problem);
}

/// <summary>Either the raw body or the problem that stopped reading it.</summary>
public readonly record struct RawBodyResult(byte[]? Body, ProblemHttpResult? Problem);
