using System.ComponentModel.DataAnnotations;

namespace Referrals.Api.Security;

/// <summary>
/// Per-client-IP request limits on the public endpoints (<c>Referrals:RateLimits</c>). The defaults are
/// generous: they stop one address from flooding the server, not a busy shop or a payment provider.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Referrals:RateLimits";

    /// <summary>Off only where a load test sends everything from one address (the benchmarks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second one IP address may send to <c>GET /r/{code}</c>.</summary>
    [Range(1, 1_000_000)]
    public int RedirectsPerSecond { get; set; } = 1_000;

    /// <summary>Requests per second one IP address may send to <c>/webhooks/*</c>.</summary>
    [Range(1, 1_000_000)]
    public int WebhooksPerSecond { get; set; } = 500;

    /// <summary>Requests per second one IP address may send to the payout decision pages.</summary>
    [Range(1, 1_000_000)]
    public int DecisionPagesPerSecond { get; set; } = 10;

    /// <summary>Requests per second one IP address may send to the public code lookup <c>GET /api/v1/codes/{code}</c>.</summary>
    [Range(1, 1_000_000)]
    public int CodeLookupsPerSecond { get; set; } = 20;

    /// <summary>Requests per second one IP address may send to <c>/api/v1/programs/{programId}/clicks</c> (the shop script's clicks; their CORS preflights have a window of their own with the same limit).</summary>
    [Range(1, 1_000_000)]
    public int ScriptClicksPerSecond { get; set; } = 20;
}
