namespace Referrals.Core.Joining;

/// <summary>
/// A partner's acceptance of one version of the program's terms: the version, the SHA-256 of the exact
/// text, when, and the salted hash of the address it came from (never the address itself).
/// </summary>
public sealed record Agreement(int Version, string TextSha256, DateTimeOffset AcceptedAt, string AddressHash);
