namespace Referrals.Core.Links;

/// <summary>Where referral codes are kept, unique per program regardless of case.</summary>
public interface IReferralCodeStore
{
    /// <summary>Stores the code unless the program already has it in any case; false means taken.</summary>
    Task<bool> TryCreateAsync(ReferralCode code, CancellationToken cancellationToken);

    Task<ReferralCode?> GetAsync(string programId, string code, CancellationToken cancellationToken);
}
