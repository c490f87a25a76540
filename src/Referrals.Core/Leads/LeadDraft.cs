using Referrals.Core.Validation;

namespace Referrals.Core.Leads;

/// <summary>A partner's registration of a customer before the sale: the customer id, the e-mail, or both.</summary>
public sealed record LeadDraft(string? PartnerId, string? CustomerId = null, string? Email = null)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(PartnerId) || PartnerId.Length > 200)
        {
            errors.Add("partnerId", "'partnerId' is required: the partner who registers the customer.");
        }

        if (CustomerId is null && Email is null)
        {
            errors.Add("customerId", "Give 'customerId', 'email' or both.");
        }

        if (CustomerId is not null && (string.IsNullOrWhiteSpace(CustomerId) || CustomerId.Length > 200 || CustomerId.Any(char.IsControl)))
        {
            errors.Add("customerId", "'customerId' is your id for the buyer, at most 200 printable characters.");
        }

        if (Email is not null && !CustomerEmail.IsWellFormed(Email))
        {
            errors.Add("email", "'email' must be a single e-mail address such as ada@example.com.");
        }

        return errors;
    }
}
