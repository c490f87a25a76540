namespace Referrals.Core.Programs;

/// <summary>Every program, for jobs that visit them all (the payout scheduler).</summary>
public interface IProgramCatalog
{
    IAsyncEnumerable<ReferralProgram> ListAsync(CancellationToken cancellationToken);
}
