using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Referrals.Functions.Tests.Infrastructure;

/// <summary>A request as the Functions host hands it to the worker: from a loopback peer (the host), with the visitor in <c>X-Forwarded-For</c>.</summary>
public sealed record FunctionRequest(string Method, string Path)
{
    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public string? ApiKey { get; init; }

    public string? ForwardedFor { get; init; }

    public IPAddress Peer { get; init; } = IPAddress.Loopback;

    public string? UserAgent { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FunctionRequest Get(string path) => new("GET", path);

    public static FunctionRequest Post(string path, string body) => new("POST", path) { Body = body };

    public static FunctionRequest PostJson(string path, object body) => Post(path, JsonSerializer.Serialize(body));

    public static FunctionRequest PutJson(string path, object body) => new("PUT", path) { Body = JsonSerializer.Serialize(body) };

    public FunctionRequest WithAdminKey() => this with { ApiKey = FunctionsApp.AdminKey };

    public DefaultHttpContext ToHttpContext(IServiceProvider requestServices)
    {
        var context = new DefaultHttpContext { RequestServices = requestServices };
        var request = context.Request;
        var query = Path.IndexOf('?', StringComparison.Ordinal);
        request.Method = Method;
        request.Scheme = "https";
        request.Host = new HostString("referrals-func.example.net");
        request.Path = query < 0 ? Path : Path[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(Path[query..]);
        context.Connection.RemoteIpAddress = Peer;
        if (ApiKey is not null)
        {
            request.Headers.Authorization = "Bearer " + ApiKey;
        }

        if (ForwardedFor is not null)
        {
            request.Headers["X-Forwarded-For"] = ForwardedFor;
        }

        if (UserAgent is not null)
        {
            request.Headers.UserAgent = UserAgent;
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers[name] = value;
        }

        if (Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(Body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = ContentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
