using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Referrals.Bench.Redirect.Baselines;

/// <summary>
/// The two yardsticks the server is compared with, each a minimal ASP.NET Core app serving
/// <c>GET /r/{code}</c>: <c>bare</c> answers 302 with no I/O at all (the ceiling of the host), and
/// <c>insert</c> stores each click with one <see cref="TableClient.AddEntityAsync{T}"/> before answering,
/// which is what a naive tracker does.
/// </summary>
internal static class BaselineApp
{
    public const string Destination = "https://shop.example.com/landing";

    /// <summary>Runs <c>serve bare|insert [--table name] --urls http://127.0.0.1:port</c>; the connection string comes from <c>ConnectionStrings__Storage</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : string.Empty;
        if (mode is not ("bare" or "insert"))
        {
            await Console.Error.WriteLineAsync("usage: serve bare|insert [--table <name>] --urls http://127.0.0.1:<port>");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok());

        if (mode == "bare")
        {
            app.MapGet("/r/{code}", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.Redirect(Destination);
            });
        }
        else
        {
            var connectionString = builder.Configuration.GetConnectionString("Storage")
                ?? throw new InvalidOperationException("ConnectionStrings:Storage is required for the insert baseline.");
            var table = new TableClient(connectionString, builder.Configuration["table"] ?? "BaselineClicks");
            await table.CreateIfNotExistsAsync();
            app.MapGet("/r/{code}", (string code, HttpContext context, CancellationToken cancellationToken) =>
                InsertThenRedirectAsync(table, code, context, cancellationToken));
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task<IResult> InsertThenRedirectAsync(TableClient table, string code, HttpContext context, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var clickId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var request = context.Request;
        var entity = new TableEntity(code + "-" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), clickId)
        {
            ["LinkCode"] = code,
            ["Hour"] = hour,
            ["ProgramId"] = "prg_baseline",
            ["PartnerId"] = "prt_baseline",
            ["OccurredAt"] = now,
            ["VisitorHash"] = VisitorHash(context.Connection.RemoteIpAddress?.ToString()),
            ["UserAgentClass"] = request.Headers.UserAgent.ToString().StartsWith("Mozilla/", StringComparison.Ordinal) ? "Browser" : "Other",
            ["ReferrerHost"] = Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer) ? referrer.Host : null,
            ["IsBot"] = false,
        };

        await table.AddEntityAsync(entity, cancellationToken);

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(Destination + "?ref_click=" + clickId);
    }

    private static string VisitorHash(string? ip) =>
        Convert.ToHexStringLower(HMACSHA256.HashData("baseline-salt"u8, Encoding.UTF8.GetBytes(ip ?? string.Empty)));
}
