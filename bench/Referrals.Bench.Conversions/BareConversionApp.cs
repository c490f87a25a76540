namespace Referrals.Bench.Conversions;

/// <summary>
/// The baseline: a minimal ASP.NET Core app that reads a conversion's JSON body and answers 202 with a
/// conversion id, doing no I/O: what acknowledging a POST costs the host and the load driver by themselves.
/// </summary>
internal static class BareConversionApp
{
    /// <summary>Runs <c>serve --urls http://127.0.0.1:port</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapPost("/api/v1/programs/{programId}/conversions", async (string programId, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var body = await request.ReadFromJsonAsync<Dictionary<string, object>>(cancellationToken);
            return TypedResults.Accepted((string?)null, new { conversionId = "cv_" + (body?.GetValueOrDefault("eventId")?.ToString() ?? programId) });
        });
        await app.RunAsync();
        return 0;
    }
}
