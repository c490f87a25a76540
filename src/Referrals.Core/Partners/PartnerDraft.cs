using System.Net.Mail;
using Referrals.Core.Validation;

namespace Referrals.Core.Partners;

/// <summary>What a manager asks for when adding a partner.</summary>
public sealed record PartnerDraft(string? Name, string? Email, PartnerType? Type, PartnerStatus? Status = null, string? IntroducedBy = null)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors.Add("name", "'name' is required, at most 200 characters.");
        }

        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 254 || !MailAddress.TryCreate(Email, out var parsed) || parsed.Address != Email.Trim())
        {
            errors.Add("email", "'email' must be a single e-mail address such as ada@example.com.");
        }

        if (Type is null || !Enum.IsDefined(Type.Value))
        {
            errors.Add("type", "'type' must be one of customer, affiliate, referrer, reseller, employee.");
        }

        if (Status is { } status && !Enum.IsDefined(status))
        {
            errors.Add("status", "'status' must be pending, active or suspended.");
        }

        return errors;
    }

    /// <summary>The partner this draft describes; new partners are active unless the draft says otherwise.</summary>
    public Partner ToPartner(string id, string programId, DateTimeOffset now) =>
        new(id, programId, Name!.Trim(), Email!.Trim(), Type!.Value, Status ?? PartnerStatus.Active, now, string.IsNullOrWhiteSpace(IntroducedBy) ? null : IntroducedBy.Trim());
}
