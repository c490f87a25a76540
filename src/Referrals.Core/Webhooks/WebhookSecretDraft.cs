using Referrals.Core.Validation;

namespace Referrals.Core.Webhooks;

/// <summary>A program's webhook secret as an admin sets it: Stripe's <c>whsec_…</c>, Paddle's <c>pdl_ntfset_…</c>, or one of your own for the generic webhook.</summary>
public sealed record WebhookSecretDraft(string? WebhookSecret)
{
    public const int MinLength = 16;
    public const int MaxLength = 512;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (WebhookSecret is null || WebhookSecret.Length is < MinLength or > MaxLength || WebhookSecret.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add("webhookSecret", $"'webhookSecret' is required: the signing secret, {MinLength} to {MaxLength} characters without spaces (for generic webhooks, e.g. openssl rand -hex 32).");
        }

        return errors;
    }
}
