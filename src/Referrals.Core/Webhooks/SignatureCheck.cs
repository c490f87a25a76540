namespace Referrals.Core.Webhooks;

/// <summary>What checking a webhook's signature found. Only <see cref="Valid"/> lets the request in.</summary>
public enum SignatureCheck
{
    /// <summary>One of the signatures is the HMAC of the body under the secret, and the timestamp is fresh.</summary>
    Valid,

    /// <summary>No signature header came with the request.</summary>
    Missing,

    /// <summary>The header is not in the provider's format (no timestamp, no signature, not hex).</summary>
    Malformed,

    /// <summary>The signed timestamp lies outside the tolerance, in the past or the future (a replay, or a wrong clock).</summary>
    Stale,

    /// <summary>No signature matches: a forged or altered request, or the wrong secret.</summary>
    Mismatch,
}
