using Microsoft.Extensions.Logging;

namespace Referrals.Azurite;

/// <summary>How <see cref="AzuriteProcess"/> runs the emulator.</summary>
public sealed class AzuriteOptions
{
    /// <summary>
    /// Where Azurite keeps its data (created if missing); it survives restarts. Null keeps everything
    /// in memory, gone when the emulator stops: what tests want.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// The folder whose <c>package.json</c> lists azurite (its <c>node_modules</c> holds it). Null finds
    /// it by walking up from the application's folder, then from the current directory.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>
    /// Extra environment variables for the emulator's node processes (the watchdog and Azurite), e.g.
    /// <c>NODE_OPTIONS</c>; the rest of the environment is inherited.
    /// </summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Receives the emulator's start, stop and output lines (at debug level).</summary>
    public ILogger? Logger { get; set; }
}
