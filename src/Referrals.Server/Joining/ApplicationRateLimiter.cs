using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Referrals.Api.Security;

namespace Referrals.Server.Joining;

/// <summary>
/// Limits the applications sent from one client address (a fixed window of a minute): only the form's
/// POST counts, so reading the page is never limited. Off where the public rate limits are off.
/// </summary>
internal sealed class ApplicationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public ApplicationRateLimiter(IOptions<JoinOptions> options, IOptions<RateLimitOptions> limits)
    {
        var perMinute = options.Value.ApplicationsPerMinute;
        _limiter = limits.Value.Enabled
            ? PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
                address, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }))
            : null;
    }

    /// <summary>True when <paramref name="address"/> may send another application now.</summary>
    public bool TryAcquire(string address)
    {
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}
