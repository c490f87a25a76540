namespace Referrals.Core.Groups;

/// <summary>
/// A manager moved a partner from one group to another: the audit entry, and the partner's group for
/// conversions received from <see cref="At"/> on.
/// </summary>
public sealed record GroupMove(string ProgramId, string PartnerId, string FromGroupId, string ToGroupId, DateTimeOffset At, string By, string? Reason);
