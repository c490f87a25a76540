namespace Referrals.Core.Programs;

/// <summary>Programs listed a page at a time, and changed.</summary>
public interface IProgramEditor
{
    /// <summary>Every program in id order, after the id <paramref name="after"/>.</summary>
    Task<ListPage<ReferralProgram>> ListAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored program (again on a concurrent write); before and after, or null when there is none.</summary>
    Task<(ReferralProgram Before, ReferralProgram After)?> UpdateAsync(string programId, Func<ReferralProgram, ReferralProgram> change, CancellationToken cancellationToken);
}
