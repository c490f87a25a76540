using Referrals.Core.Links;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Tracking;

/// <summary>
/// What the shop's script reports when a visitor lands on a shop page with a partner's code in the
/// address (<c>?via=</c> or <c>?ref=</c>): the link code, the page it landed on and the page before it.
/// </summary>
public sealed record ScriptClickDraft(string? Code, string? LandingUrl, string? Referrer)
{
    /// <summary>The longest landing or referrer URL accepted, as for link destinations.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The problems of this report for <paramref name="program"/>: the landing page must be one of the program's shop pages.</summary>
    public ValidationErrors Validate(ReferralProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Code))
        {
            errors.Add("code", "'code' is required: the partner's link code from the page's address.");
        }

        if (string.IsNullOrWhiteSpace(LandingUrl) || LandingUrl.Length > MaxUrlLength || !Uri.TryCreate(LandingUrl, UriKind.Absolute, out var landing))
        {
            errors.Add("landingUrl", $"'landingUrl' must be the absolute http(s) URL of the page, at most {MaxUrlLength} characters.");
        }
        else if (!program.AllowsDestination(landing))
        {
            errors.Add("landingUrl", $"The host '{landing.Host}' is not on this program's allowed hosts.");
        }

        if (Referrer is { Length: > MaxUrlLength })
        {
            errors.Add("referrer", $"'referrer' is at most {MaxUrlLength} characters.");
        }

        return errors;
    }

    /// <summary>True when <see cref="Code"/> could name a link at all (anything else is unknown without a lookup).</summary>
    public bool HasWellFormedCode => LinkCode.IsWellFormed(Code?.Trim());

    /// <summary>The host of the page the visitor came from, when it is a URL.</summary>
    public string? ReferrerHost =>
        Uri.TryCreate(Referrer, UriKind.Absolute, out var referrer) && referrer.Host.Length is > 0 and <= 253 ? referrer.Host : null;
}
