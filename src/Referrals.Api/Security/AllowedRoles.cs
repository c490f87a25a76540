namespace Referrals.Api.Security;

/// <summary>Endpoint metadata: the roles besides admin that may call the endpoint (see <see cref="ApiAccess"/>).</summary>
public sealed record AllowedRoles(IReadOnlyCollection<string> Roles);
