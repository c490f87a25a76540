using System.Security.Cryptography;
using System.Text;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Access;

/// <summary>
/// Issues an API key: checks the draft and that its program and partner exist (a partner key's partner
/// must belong to its program), makes a random secret and stores only its hash.
/// </summary>
public sealed class IssueApiKey(IProgramStore programs, IPartnerStore partners, IApiKeyStore keys, TimeProvider time)
{
    /// <summary>The stored form of a key: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public async Task<IssueApiKeyOutcome> ExecuteAsync(ApiKeyDraft draft, string issuedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = time.GetUtcNow();
        var errors = draft.Validate(now);
        if (!errors.IsEmpty)
        {
            return new IssueApiKeyOutcome.Invalid(errors);
        }

        if (draft.ProgramId is { Length: > 0 } programId && await programs.GetAsync(programId, cancellationToken) is null)
        {
            return new IssueApiKeyOutcome.ProgramNotFound();
        }

        if (draft.PartnerId is { Length: > 0 } partnerId
            && (await partners.GetAsync(partnerId, cancellationToken) is not { } partner || partner.ProgramId != draft.ProgramId))
        {
            return new IssueApiKeyOutcome.PartnerNotFound();
        }

        var secret = "rk_" + Identifiers.Base32(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(Identifiers.New("key"), draft.Name!.Trim(), draft.Role!, now)
        {
            ProgramId = string.IsNullOrEmpty(draft.ProgramId) ? null : draft.ProgramId,
            PartnerId = string.IsNullOrEmpty(draft.PartnerId) ? null : draft.PartnerId,
            ExpiresAt = draft.ExpiresAt,
            IssuedBy = issuedBy,
        };
        await keys.CreateAsync(Hash(secret), key, cancellationToken);
        return new IssueApiKeyOutcome.Issued(key, secret);
    }
}
