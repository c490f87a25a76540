using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Referrals.Api.Http;

namespace Referrals.Api.Security;

/// <summary>
/// ASP.NET Core rate limiting on the endpoints anyone can call: a fixed one-second window per client IP
/// and endpoint group, answered with 429 and a problem when spent.
/// </summary>
public static class PublicRateLimits
{
    public const string Redirect = "redirect";
    public const string Webhooks = "webhooks";
    public const string DecisionPages = "decision-pages";
    public const string CodeLookups = "code-lookups";
    public const string ScriptClicks = "script-clicks";
    public const string ScriptPreflights = "script-preflights";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(Rejected(context.HttpContext).ExecuteAsync(context.HttpContext));
            foreach (var policy in Policies)
            {
                limiter.AddPolicy(policy, context => Partition(policy, context, limits));
            }
        });
        services.AddSingleton<PublicRateLimiter>();
        return services;
    }

    /// <summary>Every policy's name.</summary>
    public static IReadOnlyList<string> Policies { get; } = [Redirect, Webhooks, DecisionPages, CodeLookups, ScriptClicks, ScriptPreflights];

    /// <summary>The partition of <paramref name="context"/> under <paramref name="policy"/>: one fixed window per client address.</summary>
    public static RateLimitPartition<string> Partition(string policy, HttpContext context, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        var perSecond = policy switch
        {
            Redirect => limits.RedirectsPerSecond,
            Webhooks => limits.WebhooksPerSecond,
            DecisionPages => limits.DecisionPagesPerSecond,
            CodeLookups => limits.CodeLookupsPerSecond,
            ScriptClicks or ScriptPreflights => limits.ScriptClicksPerSecond,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate limit policy."),
        };
        return PerClient(context, limits.Enabled, perSecond);
    }

    /// <summary>The answer to a request over its limit: 429 with <c>Retry-After</c> and a problem.</summary>
    public static IResult Rejected(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "1";
        return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", "This address sent more requests than allowed; retry after a second.");
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, bool enabled, int perSecond) =>
        enabled
            ? RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true })
            : RateLimitPartition.GetNoLimiter(string.Empty);
}
