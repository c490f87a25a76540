using Microsoft.Extensions.Logging;

namespace Referrals.Azurite;

internal static partial class AzuriteLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Installing the npm packages of {Root} ({Command}) because node_modules/azurite is missing")]
    public static partial void Installing(ILogger logger, string root, string command);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite (pid {ProcessId}) listens on 127.0.0.1: blob {BlobPort}, queue {QueuePort}, table {TablePort}; data in {Location}")]
    public static partial void Started(ILogger logger, int processId, int blobPort, int queuePort, int tablePort, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azurite could not bind its ports (taken by another process meanwhile); retrying with new ports, attempt {Attempt}")]
    public static partial void PortTaken(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping Azurite process {ProcessId} left behind by an earlier run (pid file {PidFile})")]
    public static partial void StoppingLeftover(ILogger logger, int processId, string pidFile);

    [LoggerMessage(Level = LogLevel.Debug, Message = "azurite: {Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite (pid {ProcessId}) stopped")]
    public static partial void Stopped(ILogger logger, int processId);
}
