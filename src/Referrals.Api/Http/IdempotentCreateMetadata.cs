namespace Referrals.Api.Http;

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c>, so its description names the header and its 409 and 422 answers.</summary>
public sealed record IdempotentCreateMetadata;
