namespace Referrals.Api.Security;

/// <summary>Marks an endpoint limited by <see cref="PublicRateLimits.RequirePublicRateLimit{TBuilder}"/>, so its description names its 429 answer.</summary>
public sealed record PublicRateLimitMetadata(string Policy);
