namespace Referrals.Core.Joining;

/// <summary>Programs' slugs, each unique across programs.</summary>
public interface IProgramSlugStore
{
    /// <summary>The program's slug, or null when it has none yet.</summary>
    Task<string?> GetSlugAsync(string programId, CancellationToken cancellationToken);

    /// <summary>The id of the program named <paramref name="slug"/>, or null.</summary>
    Task<string?> FindProgramAsync(string slug, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the program <paramref name="slug"/>, freeing its previous one in the same transaction;
    /// false when another program holds the slug (the program's slug is then unchanged).
    /// </summary>
    Task<bool> TrySetAsync(string programId, string slug, CancellationToken cancellationToken);
}
