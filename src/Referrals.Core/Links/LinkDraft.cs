using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Links;

/// <summary>What a manager asks for when creating a link for a partner.</summary>
public sealed record LinkDraft(string? PartnerId, string? Destination, string? Campaign = null, UtmParameters? Utm = null)
{
    public ValidationErrors Validate(ReferralProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(PartnerId))
        {
            errors.Add("partnerId", "'partnerId' is required.");
        }

        if (string.IsNullOrWhiteSpace(Destination) || Destination.Length > 2048
            || !Uri.TryCreate(Destination, UriKind.Absolute, out var destination))
        {
            errors.Add("destination", "'destination' must be an absolute http(s) URL of at most 2048 characters.");
        }
        else if (!program.AllowsDestination(destination))
        {
            errors.Add("destination", $"The host '{destination.Host}' is not on this program's allowed hosts; links may only lead to {string.Join(", ", program.AllowedHosts)}.");
        }

        if (Campaign is { Length: > 100 })
        {
            errors.Add("campaign", "'campaign' is at most 100 characters.");
        }

        Utm?.Validate(errors);

        return errors;
    }
}
