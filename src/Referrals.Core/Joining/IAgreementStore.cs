namespace Referrals.Core.Joining;

/// <summary>Partners' acceptances of their program's terms, kept per program.</summary>
public interface IAgreementStore
{
    /// <summary>Records an acceptance (accepting the same version again keeps the first record).</summary>
    Task RecordAsync(string programId, string partnerId, Agreement agreement, CancellationToken cancellationToken);

    /// <summary>The partner's newest acceptance, or null when they accepted nothing.</summary>
    Task<Agreement?> GetLatestAsync(string programId, string partnerId, CancellationToken cancellationToken);

    /// <summary>The newest acceptance of each partner of the program who accepted anything, by partner id.</summary>
    Task<IReadOnlyDictionary<string, Agreement>> ListLatestAsync(string programId, CancellationToken cancellationToken);
}
