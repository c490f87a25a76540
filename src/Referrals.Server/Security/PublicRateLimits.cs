using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Referrals.Server.Security;

/// <summary>
/// ASP.NET Core rate limiting on the endpoints anyone can call: a fixed one-second window per client IP
/// and endpoint group, answered with 429 and a problem when spent.
/// </summary>
internal static class PublicRateLimits
{
    public const string Redirect = "redirect";
    public const string Webhooks = "webhooks";
    public const string DecisionPages = "decision-pages";
    public const string CodeLookups = "code-lookups";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = "1";
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "This address sent more requests than allowed; retry after a second.",
                    },
                });
            };
            limiter.AddPolicy(Redirect, context => PerClient(context, limits.Enabled, limits.RedirectsPerSecond));
            limiter.AddPolicy(Webhooks, context => PerClient(context, limits.Enabled, limits.WebhooksPerSecond));
            limiter.AddPolicy(DecisionPages, context => PerClient(context, limits.Enabled, limits.DecisionPagesPerSecond));
            limiter.AddPolicy(CodeLookups, context => PerClient(context, limits.Enabled, limits.CodeLookupsPerSecond));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, bool enabled, int perSecond) =>
        enabled
            ? RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true })
            : RateLimitPartition.GetNoLimiter(string.Empty);
}
