using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Referrals.Api.Http;

/// <summary>
/// Cursor pagination as every list of the API answers it: <c>limit</c> (1 to 100, 50 by default) and an
/// opaque <c>continuation</c> token; when there may be more, the <c>Link</c> header names the next page
/// (<c>rel="next"</c>) with the same query and the token.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    private const int MaxTokenLength = 700;

    /// <summary>The page size and the key to start after, or the problem with either.</summary>
    public static ProblemHttpResult? Read(int? limit, string? continuation, out int pageSize, out string? after)
    {
        pageSize = limit ?? DefaultLimit;
        after = null;
        if (pageSize is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"'limit' must be between 1 and {MaxLimit}.");
        }

        if (!string.IsNullOrEmpty(continuation) && (after = Decode(continuation)) is null)
        {
            return Problems.BadRequest("'continuation' is not a token this API handed out; start again without it.");
        }

        return null;
    }

    /// <summary>Sets <c>Link: &lt;…&gt;; rel="next"</c> when <paramref name="next"/> is a key to go on from.</summary>
    public static void LinkNext(HttpRequest request, string? next)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (next is null)
        {
            return;
        }

        var query = request.Query
            .Where(pair => !string.Equals(pair.Key, "continuation", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new KeyValuePair<string, string?>("continuation", Encode(next)));
        var url = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
        request.HttpContext.Response.Headers.Link = $"<{url}>; rel=\"next\"";
    }

    private static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    private static string? Decode(string token)
    {
        if (token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        return bytes.Length > 0 && System.Text.Unicode.Utf8.IsValid(bytes) && Encoding.UTF8.GetString(bytes) is var key && !key.Any(char.IsControl) ? key : null;
    }
}
