using Microsoft.AspNetCore.Authorization;

namespace Referrals.Api.Security;

/// <summary>The requirement of the <see cref="ApiAccess.Policy"/> policy, met by <see cref="ApiAccessHandler"/>.</summary>
public sealed class ApiAccessRequirement : IAuthorizationRequirement;
