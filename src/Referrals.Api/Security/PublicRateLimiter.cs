using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Referrals.Api.Security;

/// <summary>
/// The public rate limits of both hosts' API endpoints (ASP.NET Core's middleware cannot say what is left
/// of a limit): the policies, partitions and limits of <see cref="PublicRateLimits"/>, one partitioned
/// limiter per policy for the life of the process.
/// </summary>
public sealed class PublicRateLimiter : IDisposable
{
    private readonly Dictionary<string, PartitionedRateLimiter<HttpContext>> _limiters;
    private readonly RateLimitOptions _limits;

    // Per policy, the RateLimit-Limit and RateLimit-Policy values: fixed for the process, so not formatted per request.
    private readonly Dictionary<string, (string Limit, string Policy)> _headerValues;

    public PublicRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = _limits = options.Value;
        _limiters = PublicRateLimits.Policies.ToDictionary(
            policy => policy,
            policy => PartitionedRateLimiter.Create<HttpContext, string>(context => PublicRateLimits.Partition(policy, context, limits)),
            StringComparer.Ordinal);
        _headerValues = PublicRateLimits.Policies.ToDictionary(
            policy => policy,
            policy =>
            {
                var permits = PublicRateLimits.PermitsPerSecond(policy, limits).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (permits, permits + ";w=1");
            },
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
            var (limit, window) = _headerValues[policy];
            var remaining = lease.IsAcquired ? limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0 : 0;
            headers["RateLimit-Limit"] = limit;
            headers["RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = "1";
            headers["RateLimit-Policy"] = window;
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
