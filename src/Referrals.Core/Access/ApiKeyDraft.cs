using Referrals.Core.Validation;

namespace Referrals.Core.Access;

/// <summary>A request for an API key: a role, a name, the scope the role needs, and an optional expiry.</summary>
public sealed record ApiKeyDraft(string? Role, string? Name, string? ProgramId = null, string? PartnerId = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>
    /// The longest a key may be issued for. A key with no expiry is allowed (a shop's server should not
    /// break on a date); a key with one must end within this, so a date typo cannot make it eternal.
    /// </summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(2 * 365);

    public ValidationErrors Validate(DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (Role is null || !ApiKeyRoles.All.Contains(Role))
        {
            errors.Add("role", $"'role' must be one of {string.Join(", ", ApiKeyRoles.All)}.");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            errors.Add("name", "'name' is required, at most 100 characters.");
        }

        if (Role is not null && ApiKeyRoles.All.Contains(Role))
        {
            if (ApiKeyRoles.NeedsProgram(Role) != !string.IsNullOrEmpty(ProgramId))
            {
                errors.Add("programId", ApiKeyRoles.NeedsProgram(Role) ? $"A {Role} key needs 'programId'." : $"A {Role} key is not bound to a program; leave out 'programId'.");
            }

            if (ApiKeyRoles.NeedsPartner(Role) != !string.IsNullOrEmpty(PartnerId))
            {
                errors.Add("partnerId", ApiKeyRoles.NeedsPartner(Role) ? $"A {Role} key needs 'partnerId'." : $"A {Role} key is not bound to a partner; leave out 'partnerId'.");
            }
        }

        if (ExpiresAt is { } expiresAt && (expiresAt <= now || expiresAt - now > MaxLifetime))
        {
            errors.Add("expiresAt", $"'expiresAt' must be in the future and at most {MaxLifetime.TotalDays:0} days away.");
        }

        return errors;
    }
}
