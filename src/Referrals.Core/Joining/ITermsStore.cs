namespace Referrals.Core.Joining;

/// <summary>Every version of every program's terms; versions are never changed once published.</summary>
public interface ITermsStore
{
    /// <summary>The newest version, or null when the program has published no terms.</summary>
    Task<ProgramTerms?> GetCurrentAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Stores a new version; false when that version number exists already (someone published at the same time).</summary>
    Task<bool> TryAddAsync(ProgramTerms terms, CancellationToken cancellationToken);
}
