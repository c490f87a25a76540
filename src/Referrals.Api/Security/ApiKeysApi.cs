using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Access;
using Referrals.Api.Http;

namespace Referrals.Api.Security;

/// <summary>Issuing, listing and revoking API keys (admin only). Who issued and who revoked a key is kept with it.</summary>
public static partial class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        api.MapPost("/keys", CreateAsync).WithName("CreateApiKey").Accepts<ApiKeyDraft>("application/json").WithTags("Keys").WithIdempotencyKey();
        api.MapGet("/keys", ListAsync).WithName("ListApiKeys").WithTags("Keys");
        api.MapDelete("/keys/{keyId}", RevokeAsync).WithName("RevokeApiKey").WithTags("Keys");
        return api;
    }

    /// <summary>
    /// Issues an API key for a role: <c>admin</c>, <c>finance</c>, <c>shop</c> (needs <c>programId</c>) or
    /// <c>partner</c> (needs <c>programId</c> and a <c>partnerId</c> of that program), optionally expiring at
    /// <c>expiresAt</c> (in the future, within two years). The key is shown once; only its SHA-256 hash is stored.
    /// </summary>
    public static async Task<Results<Created<IssuedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, IssueApiKey issue, ILogger<IssueApiKey> logger, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ApiKeyDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var issuedBy = Caller(request);
        switch (await issue.ExecuteAsync(body.Value!, issuedBy, cancellationToken))
        {
            case IssueApiKeyOutcome.Issued issued:
                var key = issued.Key;
                LogIssued(logger, key.Id, key.Role, key.ProgramId, key.PartnerId, issuedBy);
                return TypedResults.Created(
                    $"/api/v1/keys/{key.Id}",
                    new IssuedApiKey(key.Id, issued.Secret, key.Role, key.Name, key.ProgramId, key.PartnerId, key.ExpiresAt));
            case IssueApiKeyOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case IssueApiKeyOutcome.PartnerNotFound:
                return Problems.PartnerNotFound(body.Value!.PartnerId!);
            default:
                return Problems.ProgramNotFound(body.Value!.ProgramId!);
        }
    }

    /// <summary>Every issued key without its secret: role, scope, when and by whom it was issued, its expiry and any revocation.</summary>
    public static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListAsync(IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>([.. (await keys.ListAsync(cancellationToken)).Select(key => ApiKeyResponse.From(key, now))]);
    }

    /// <summary>Revokes a key: from the next request on, on every instance, it is refused like an unknown key. Revoking again changes nothing.</summary>
    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAsync(
        string keyId, HttpRequest request, IApiKeyStore keys, TimeProvider time, ILogger<IssueApiKey> logger, CancellationToken cancellationToken)
    {
        var revokedBy = Caller(request);
        var now = time.GetUtcNow();
        if (await keys.RevokeAsync(keyId, revokedBy, now, cancellationToken) is not { } key)
        {
            return Problems.NotFound($"There is no API key '{Problems.Shorten(keyId)}'.");
        }

        LogRevoked(logger, key.Id, key.Role, key.RevokedBy!);
        return TypedResults.Ok(ApiKeyResponse.From(key, now));
    }

    private static string Caller(HttpRequest request) => request.HttpContext.User.Identity?.Name ?? "unknown";

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} ({Role}, program {ProgramId}, partner {PartnerId}) issued by {IssuedBy}")]
    private static partial void LogIssued(ILogger logger, string keyId, string role, string? programId, string? partnerId, string issuedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} ({Role}) revoked by {RevokedBy}")]
    private static partial void LogRevoked(ILogger logger, string keyId, string role, string revokedBy);
}
