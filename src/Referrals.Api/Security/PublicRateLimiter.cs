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

    public PublicRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _limiters = PublicRateLimits.Policies.ToDictionary(
            policy => policy,
            policy => PartitionedRateLimiter.Create<HttpContext, string>(context => PublicRateLimits.Partition(policy, context, limits)),
            StringComparer.Ordinal);
    }

    /// <summary>Null when <paramref name="context"/> may go on under <paramref name="policy"/>; otherwise the 429 answer.</summary>
    public IResult? Acquire(string policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _limiters[policy].AttemptAcquire(context);
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
