namespace Referrals.Core.Programs;

/// <summary>Where programs are kept.</summary>
public interface IProgramStore
{
    Task CreateAsync(ReferralProgram program, CancellationToken cancellationToken);

    Task<ReferralProgram?> GetAsync(string programId, CancellationToken cancellationToken);
}
