using System.Globalization;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>
/// Gives the storage emulator a core of its own (<c>--storage-core</c>): the benchmark and every process it
/// starts later run on the other cores, the emulator's threads on the last one, as a storage account on its
/// own hardware would. Linux only, through <c>taskset</c> (util-linux), for every thread of a process.
/// </summary>
internal static class CoreAffinity
{
    public static int StorageCore => Environment.ProcessorCount - 1;

    /// <summary>Moves this process (so the apps it starts from now on too) off the storage core.</summary>
    public static Task KeepOffStorageCoreAsync(CancellationToken cancellationToken) =>
        PinAsync(Environment.ProcessId, Enumerable.Range(0, StorageCore), cancellationToken);

    /// <summary>Moves every thread of a process onto the storage core.</summary>
    public static Task PinToStorageCoreAsync(int processId, CancellationToken cancellationToken) =>
        PinAsync(processId, [StorageCore], cancellationToken);

    private static async Task PinAsync(int processId, IEnumerable<int> cores, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2)
        {
            throw new InvalidOperationException("--storage-core needs Linux and at least two cores.");
        }

        try
        {
            var cpuList = string.Join(',', cores.Select(core => core.ToString(CultureInfo.InvariantCulture)));
            var (exitCode, output) = await Tool.RunAsync(
                "taskset", ["--all-tasks", "--cpu-list", "--pid", cpuList, processId.ToString(CultureInfo.InvariantCulture)], null, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"taskset failed for process {processId}: {output}");
            }
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("--storage-core needs taskset (util-linux) on PATH.", exception);
        }
    }
}
