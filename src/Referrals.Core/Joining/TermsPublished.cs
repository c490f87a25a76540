namespace Referrals.Core.Joining;

/// <summary>
/// The work item a publication of terms leaves: e-mail every active partner of <see cref="ProgramId"/> that
/// version <see cref="Version"/> waits for their acceptance, with a link to <see cref="PortalUrl"/>.
/// </summary>
public sealed record TermsPublished(string ProgramId, int Version, string PortalUrl);
