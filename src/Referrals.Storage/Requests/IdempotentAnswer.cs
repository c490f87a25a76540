namespace Referrals.Storage.Requests;

/// <summary>The first answer to a create sent with an idempotency key, kept to be given again to its retries.</summary>
public sealed record IdempotentAnswer(int Status, string? ContentType, string? Location, byte[] Body);
