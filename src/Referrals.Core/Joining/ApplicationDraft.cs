using System.Net.Mail;
using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>What an applicant typed into a program's application form.</summary>
public sealed record ApplicationDraft(string? Name, string? Email, string? Website, string? Country, string? Message, bool AcceptsTerms)
{
    public const int MaxMessageLength = 2_000;
    public const int MaxWebsiteLength = 500;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200)
        {
            errors.Add("name", "Your name is required, at most 200 characters.");
        }

        if (!IsEmail(Email))
        {
            errors.Add("email", "Enter one e-mail address, such as ada@example.com.");
        }

        if (Website is { Length: > MaxWebsiteLength })
        {
            errors.Add("website", $"Websites and channels: at most {MaxWebsiteLength} characters.");
        }

        if (Country is { Length: > 100 })
        {
            errors.Add("country", "Country: at most 100 characters.");
        }

        if (Message is { Length: > MaxMessageLength })
        {
            errors.Add("message", $"The message is at most {MaxMessageLength} characters.");
        }

        if (!AcceptsTerms)
        {
            errors.Add("acceptsTerms", "Accept the program's terms to apply.");
        }

        return errors;
    }

    /// <summary>The address as compared for duplicates: trimmed and lowercase.</summary>
    public string NormalizedEmail => (Email ?? string.Empty).Trim().ToLowerInvariant();

    private static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= 254
        && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim() && parsed.Host.Contains('.', StringComparison.Ordinal);

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
