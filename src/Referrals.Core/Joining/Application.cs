namespace Referrals.Core.Joining;

/// <summary>
/// Someone's request to become a partner of a program, sent from its public page, with the version of
/// the terms they accepted by sending it. Once decided it names who decided, why, when, and (approved)
/// the partner it became.
/// </summary>
public sealed record Application(
    string Id,
    string ProgramId,
    string Name,
    string Email,
    string? Website,
    string? Country,
    string? Message,
    int TermsVersion,
    string TermsSha256,
    string AddressHash,
    DateTimeOffset SubmittedAt,
    ApplicationStatus Status = ApplicationStatus.Pending,
    string? DecidedBy = null,
    string? Reason = null,
    DateTimeOffset? DecidedAt = null,
    string? PartnerId = null)
{
    /// <summary>The partner an approval of this application creates: derived from it, so an approval retried after a crash finds the same partner.</summary>
    public string PartnerIdOnApproval => Identifiers.Stable("prt", "application", Id);
}
