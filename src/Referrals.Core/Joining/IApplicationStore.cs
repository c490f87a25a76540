namespace Referrals.Core.Joining;

/// <summary>Programs' applications; one per e-mail address and program.</summary>
public interface IApplicationStore
{
    /// <summary>Stores a new application; false (and nothing stored) when the program already has one from the same address.</summary>
    Task<bool> TryCreateAsync(Application application, string normalizedEmail, CancellationToken cancellationToken);

    Task<Application?> GetAsync(string programId, string applicationId, CancellationToken cancellationToken);

    /// <summary>The program's applications (only those in <paramref name="status"/> when given), oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Application>> ListAsync(string programId, ApplicationStatus? status, int max, CancellationToken cancellationToken);

    /// <summary>Stores the decision of a still pending application; false when it was decided meanwhile.</summary>
    Task<bool> TryDecideAsync(Application decided, CancellationToken cancellationToken);
}
