namespace Referrals.Core.Joining;

/// <summary>
/// How a program takes applications: approved at once (<see cref="AutoApprove"/>, optionally only for
/// e-mail addresses at <see cref="AutoApproveDomains"/>) or reviewed by a manager; whether a rejected
/// applicant is told by e-mail; and where a new partner's first link leads (else the first allowed host).
/// </summary>
public sealed record JoinSettings(bool AutoApprove, IReadOnlyList<string> AutoApproveDomains, bool EmailRejections, string? DefaultDestination)
{
    public static JoinSettings Default { get; } = new(AutoApprove: false, [], EmailRejections: true, DefaultDestination: null);

    /// <summary>True when an application from <paramref name="email"/> is approved without review.</summary>
    public bool ApprovesAutomatically(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!AutoApprove)
        {
            return false;
        }

        if (AutoApproveDomains.Count == 0)
        {
            return true;
        }

        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        return AutoApproveDomains.Any(allowed => string.Equals(domain, allowed, StringComparison.OrdinalIgnoreCase));
    }
}
