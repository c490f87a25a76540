using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Referrals.Api.Security;

/// <summary>
/// The public rate limits for a host without ASP.NET Core's rate-limiting middleware (the Functions app):
/// the same policies, partitions and limits as <see cref="PublicRateLimits"/>, one partitioned limiter per
/// policy for the life of the process.
/// </summary>
public sealed class PublicRateLimiter : IDisposable
{
    private readonly Dictionary<string, PartitionedRateLimiter<HttpContext>> _limiters;
    private readonly RateLimitOptions _limits;

    public PublicRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = _limits = options.Value;
        _limiters = PublicRateLimits.Policies.ToDictionary(
            policy => policy,
            policy => PartitionedRateLimiter.Create<HttpContext, string>(context => PublicRateLimits.Partition(policy, context, limits)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Null when <paramref name="context"/> may go on under <paramref name="policy"/>; otherwise the 429 answer.
    /// Either way the response says the limit, what is left of it and when it resets (IETF RateLimit header
    /// fields: the window is one second, so it resets within one).
    /// </summary>
    public IResult? Acquire(string policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = _limiters[policy];
        using var lease = limiter.AttemptAcquire(context);
        if (_limits.Enabled)
        {
            var headers = context.Response.Headers;
            var permits = PublicRateLimits.PermitsPerSecond(policy, _limits);
            var remaining = lease.IsAcquired ? limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0 : 0;
            headers["RateLimit-Limit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = "1";
            headers["RateLimit-Policy"] = $"{permits};w=1";
        }

        return lease.IsAcquired ? null : PublicRateLimits.Rejected(context);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
