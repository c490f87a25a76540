namespace Referrals.Core.Joining;

/// <summary>Each program's <see cref="JoinSettings"/>.</summary>
public interface IJoinSettingsStore
{
    /// <summary>The program's settings, or <see cref="JoinSettings.Default"/> when it set none.</summary>
    Task<JoinSettings> GetAsync(string programId, CancellationToken cancellationToken);

    Task SetAsync(string programId, JoinSettings settings, CancellationToken cancellationToken);
}
