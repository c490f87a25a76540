namespace Referrals.Server.Security;

/// <summary>Endpoint metadata: the roles besides admin that may call the endpoint (see <see cref="ApiAccess"/>).</summary>
internal sealed record AllowedRoles(IReadOnlyCollection<string> Roles);
