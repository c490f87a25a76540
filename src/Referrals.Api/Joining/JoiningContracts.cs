namespace Referrals.Api.Joining;

/// <summary>A program's new slug.</summary>
public sealed record SlugRequest(string? Slug);

/// <summary>A program's slug and the address of its application page.</summary>
public sealed record SlugResponse(string ProgramId, string Slug, string JoinUrl);

/// <summary>A new version of a program's terms.</summary>
public sealed record TermsRequest(string? Text);

/// <summary>One version of a program's terms.</summary>
public sealed record TermsResponse(string ProgramId, int Version, string Text, string TextSha256, DateTimeOffset PublishedAt);

/// <summary>How a program takes applications (every field optional: an absent one keeps its value).</summary>
public sealed record JoinSettingsRequest(bool? AutoApprove, IReadOnlyList<string>? AutoApproveDomains, bool? EmailRejections, string? DefaultDestination);

/// <summary>A decision on an application: <c>approve</c> or <c>reject</c>, with an optional reason.</summary>
public sealed record ApplicationDecisionRequest(string? Decision, string? Reason);

/// <summary>Where each partner of a program stands with its current terms.</summary>
public sealed record AgreementsResponse(string ProgramId, int? CurrentVersion, IReadOnlyList<PartnerAgreementStatus> Partners);

/// <summary>A partner's newest acceptance (null when none) and whether it is of the current version.</summary>
public sealed record PartnerAgreementStatus(string PartnerId, string Name, Core.Joining.Agreement? Agreement, bool AcceptedCurrent);
