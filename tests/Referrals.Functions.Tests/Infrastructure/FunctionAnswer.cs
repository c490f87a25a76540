using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Referrals.Functions.Tests.Infrastructure;

/// <summary>What the caller of a function receives: status, headers and body.</summary>
public sealed record FunctionAnswer(int Status, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public static FunctionAnswer From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Response.Body;
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8);
        return new FunctionAnswer(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, reader.ReadToEnd());
    }

    public override string ToString() => $"{Status} {ContentType}: {Body}";
}
