using Microsoft.AspNetCore.Authorization;

namespace Referrals.Server.Security;

/// <summary>The requirement of the <see cref="ApiAccess.Policy"/> policy, met by <see cref="ApiAccessHandler"/>.</summary>
internal sealed class ApiAccessRequirement : IAuthorizationRequirement;
