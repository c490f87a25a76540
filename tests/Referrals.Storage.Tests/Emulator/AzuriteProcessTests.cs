using System.Diagnostics;
using Azure.Data.Tables;
using Referrals.Azurite;

namespace Referrals.Storage.Tests.Emulator;

public sealed class AzuriteProcessTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "azurite-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Data_on_disk_survives_a_restart()
    {
        await using (var first = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = _dataDirectory }, default))
        {
            await WriteAsync(first, "kept");
        }

        await using var second = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = _dataDirectory }, default);

        Assert.Equal("kept", await ReadAsync(second));
    }

    [Fact]
    public async Task Stopping_removes_the_emulator_and_its_pid_file()
    {
        var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = _dataDirectory }, default);
        var pids = PidsIn(_dataDirectory);

        await azurite.DisposeAsync();

        Assert.Equal(2, pids.Length);
        Assert.All(pids, pid => Assert.False(IsAlive(pid)));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "azurite.pid")));
    }

    [Fact]
    public async Task An_emulator_left_behind_by_a_crash_is_replaced_and_its_data_kept()
    {
        var crashed = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = _dataDirectory }, default);
        await WriteAsync(crashed, "before the crash");
        var leftover = PidsIn(_dataDirectory)[1];

        // The watchdog dies without a chance to stop Azurite, as when its owner is killed hard.
        using (var watchdog = Process.GetProcessById(crashed.ProcessId))
        {
            watchdog.Kill(entireProcessTree: false);
            await watchdog.WaitForExitAsync();
        }

        Assert.True(IsAlive(leftover));
        await using var replacement = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = _dataDirectory }, default);

        Assert.False(IsAlive(leftover));
        Assert.Equal("before the crash", await ReadAsync(replacement));
        await crashed.DisposeAsync();
        Assert.Equal("before the crash", await ReadAsync(replacement));
    }

    [Fact]
    public async Task Extra_environment_reaches_the_emulator_process()
    {
        // A preload script (through NODE_OPTIONS) writes the path of the script node runs, so the file
        // shows the variables reached Azurite itself, not only its watchdog.
        Directory.CreateDirectory(_dataDirectory);
        var preload = Path.Combine(_dataDirectory, "preload.js");
        var seen = Path.Combine(_dataDirectory, "seen.txt");
        await File.WriteAllTextAsync(preload, "require('node:fs').appendFileSync(process.env.SEEN_FILE, process.argv[1] + '\\n');");
        var options = new AzuriteOptions();
        options.Environment["NODE_OPTIONS"] = $"--require {preload}";
        options.Environment["SEEN_FILE"] = seen;

        await using (var azurite = await AzuriteProcess.StartAsync(options, default))
        {
            await WriteAsync(azurite, "with extra environment");
        }

        var scripts = await File.ReadAllLinesAsync(seen);
        Assert.Contains(scripts, script => script.EndsWith("azurite-host.js", StringComparison.Ordinal));
        Assert.Contains(scripts, script => script.EndsWith(Path.Combine("azurite", "dist", "src", "azurite.js"), StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static async Task WriteAsync(AzuriteProcess azurite, string value)
    {
        var table = new TableClient(azurite.ConnectionString, "Kept");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = value });
    }

    private static async Task<string?> ReadAsync(AzuriteProcess azurite)
    {
        var entity = await new TableClient(azurite.ConnectionString, "Kept").GetEntityAsync<TableEntity>("p", "r");
        return entity.Value.GetString("Value");
    }

    private static int[] PidsIn(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "azurite.pid")).Where(line => line.Length > 0).Select(int.Parse).ToArray();

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
