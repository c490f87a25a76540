using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Referrals.Api.Http;

/// <summary>
/// JSON merge patch (RFC 7396) for <c>PATCH</c>: the patch is merged into the resource as its create
/// request would state it, and the result is read back as that request, so an update is validated by
/// the same rules as a create. Only the named fields may be changed; any other field is refused.
/// </summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    public static async Task<BodyResult<T>> ApplyAsync<T>(HttpRequest request, T current, IReadOnlyCollection<string> editable, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(editable);
        if (!IsPatchContentType(request.ContentType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the changes as a JSON merge patch with 'Content-Type: {ContentType}'.");
        }

        var raw = await RequestBody.ReadBytesAsync(request, cancellationToken);
        if (raw.Problem is not null)
        {
            return raw.Problem;
        }

        if (!System.Text.Unicode.Utf8.IsValid(raw.Body))
        {
            return Problems.BadRequest("The merge patch is not valid JSON: it is not valid UTF-8.");
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(raw.Body);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The merge patch is not valid JSON.");
        }

        if (parsed is not JsonObject patch)
        {
            return Problems.BadRequest("A merge patch is a JSON object of the fields to change (null removes an optional field).");
        }

        var refused = patch.Select(field => field.Key).Where(field => !editable.Contains(field)).ToArray();
        if (refused.Length > 0)
        {
            return Problems.BadRequest($"These fields cannot be changed here: {string.Join(", ", refused.Select(field => $"'{Problems.Shorten(field)}'"))}. Changeable: {string.Join(", ", editable)}.");
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var document = JsonSerializer.SerializeToNode(current, options) as JsonObject ?? [];
        Merge(document, patch);
        try
        {
            var value = document.Deserialize<T>(options);
            return value is null ? Problems.BadRequest("The merge patch leaves nothing.") : new BodyResult<T>(value, null);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at '{exception.Path}'";
            return Problems.BadRequest($"The merge patch gives a field a value of the wrong type{where}.");
        }
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToArray())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    private static bool IsPatchContentType(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
