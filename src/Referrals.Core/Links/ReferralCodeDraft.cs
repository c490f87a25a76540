using Referrals.Core.Validation;

namespace Referrals.Core.Links;

/// <summary>What a manager asks for when giving a partner a referral code, optionally with a buyer discount.</summary>
public sealed record ReferralCodeDraft(string? PartnerId, string? Code, int? DiscountPercent = null)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(PartnerId))
        {
            errors.Add("partnerId", "'partnerId' is required.");
        }

        if (!ReferralCode.IsWellFormed(Code))
        {
            errors.Add("code", "'code' must be 3 to 40 letters, digits, '-' or '_', starting with a letter or digit.");
        }

        if (DiscountPercent is < 0 or > 100)
        {
            errors.Add("discountPercent", "'discountPercent' must be between 0 and 100.");
        }

        return errors;
    }
}
