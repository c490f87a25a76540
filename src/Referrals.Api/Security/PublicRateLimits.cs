using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Referrals.Api.Http;

namespace Referrals.Api.Security;

/// <summary>
/// Rate limits on the endpoints anyone can call: a fixed one-second window per client IP and endpoint
/// group, answered with 429 and a problem when spent. API endpoints take theirs with
/// <see cref="RequirePublicRateLimit{TBuilder}"/> (through <see cref="PublicRateLimiter"/>, as the
/// Functions app does, so both hosts send the <c>RateLimit-*</c> headers); pages through ASP.NET Core's
/// middleware and the same policies.
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

    /// <summary>
    /// Limits the endpoint (or group) under <paramref name="policy"/>, answering every request with
    /// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c>, and a spent limit with 429.
    /// </summary>
    public static TBuilder RequirePublicRateLimit<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new PublicRateLimitMetadata(policy));
        return builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<PublicRateLimiter>().Acquire(policy, context.HttpContext) is { } rejected
                ? rejected
                : await next(context));
    }

    /// <summary>Every policy's name.</summary>
    public static IReadOnlyList<string> Policies { get; } = [Redirect, Webhooks, DecisionPages, CodeLookups, ScriptClicks, ScriptPreflights];

    /// <summary>The partition of <paramref name="context"/> under <paramref name="policy"/>: one fixed window per client address.</summary>
    public static RateLimitPartition<string> Partition(string policy, HttpContext context, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        return PerClient(context, limits.Enabled, PermitsPerSecond(policy, limits));
    }

    /// <summary>How many requests a client may send per second under <paramref name="policy"/>.</summary>
    public static int PermitsPerSecond(string policy, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return policy switch
        {
            Redirect => limits.RedirectsPerSecond,
            Webhooks => limits.WebhooksPerSecond,
            DecisionPages => limits.DecisionPagesPerSecond,
            CodeLookups => limits.CodeLookupsPerSecond,
            ScriptClicks or ScriptPreflights => limits.ScriptClicksPerSecond,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate limit policy."),
        };
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
