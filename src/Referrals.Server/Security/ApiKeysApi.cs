using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core;
using Referrals.Core.Access;
using Referrals.Core.Validation;
using Referrals.Server.Http;

namespace Referrals.Server.Security;

/// <summary>Issuing API keys with a role (admin only).</summary>
internal static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        api.MapPost("/keys", CreateAsync).Accepts<ApiKeyDraft>("application/json").WithTags("Keys");
        return api;
    }

    /// <summary>Issues an API key for a role (<c>admin</c> or <c>finance</c>). The key is shown once; only its SHA-256 hash is stored.</summary>
    private static async Task<Results<Created<IssuedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ApiKeyDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = new ValidationErrors();
        if (draft.Role is not (Roles.Admin or Roles.Finance))
        {
            errors.Add("role", "'role' must be 'admin' or 'finance'.");
        }

        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > 100)
        {
            errors.Add("name", "'name' is required, at most 100 characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var secret = "rk_" + Identifiers.Base32(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(Identifiers.New("key"), draft.Name!.Trim(), draft.Role!, time.GetUtcNow());
        await keys.CreateAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), key, cancellationToken);
        return TypedResults.Created($"/api/v1/keys/{key.Id}", new IssuedApiKey(key.Id, secret, key.Role, key.Name));
    }
}

/// <summary>A request for an API key.</summary>
public sealed record ApiKeyDraft(string? Role, string? Name);

/// <summary>A new API key; <see cref="Key"/> is shown only in this answer.</summary>
public sealed record IssuedApiKey(string Id, string Key, string Role, string Name);
