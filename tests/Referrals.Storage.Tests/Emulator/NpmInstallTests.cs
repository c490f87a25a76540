using Microsoft.Extensions.Logging.Abstractions;
using Referrals.Azurite;

namespace Referrals.Storage.Tests.Emulator;

/// <summary>
/// The install step against a stand-in npm (a shell script), so it runs without the registry and
/// without touching the repository's node_modules.
/// </summary>
public sealed class NpmInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("npm-install-test-").FullName;

    [Fact]
    public async Task Two_processes_starting_at_once_install_once_with_npm_ci()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllText(Path.Combine(_root, "package-lock.json"), "{}");
        var npm = FakeNpm("""
            echo "$@" >> npm-calls.log
            sleep 0.5
            mkdir -p node_modules/azurite/dist/src
            echo "// installed" > node_modules/azurite/dist/src/azurite.js
            """);

        await Task.WhenAll(
            Task.Run(() => NodeTools.EnsureInstalledAsync(_root, () => npm, NullLogger.Instance, default)),
            Task.Run(() => NodeTools.EnsureInstalledAsync(_root, () => npm, NullLogger.Instance, default)));

        Assert.Equal(["ci --no-audit --no-fund"], File.ReadAllLines(Path.Combine(_root, "npm-calls.log")));
        Assert.True(File.Exists(NodeTools.AzuriteScript(_root)));
        Assert.False(File.Exists(Path.Combine(_root, "node_modules.install.lock")));
    }

    [Fact]
    public async Task Without_a_lock_file_npm_install_is_used()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var npm = FakeNpm("""
            echo "$@" >> npm-calls.log
            mkdir -p node_modules/azurite/dist/src && touch node_modules/azurite/dist/src/azurite.js
            """);

        await NodeTools.EnsureInstalledAsync(_root, () => npm, NullLogger.Instance, default);

        Assert.Equal(["install --no-audit --no-fund"], File.ReadAllLines(Path.Combine(_root, "npm-calls.log")));
    }

    [Fact]
    public async Task A_failed_install_names_npms_output()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var npm = FakeNpm("""
            echo "npm error code E404 azurite not found" >&2
            exit 7
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeTools.EnsureInstalledAsync(_root, () => npm, NullLogger.Instance, default));

        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("npm error code E404 azurite not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_installed_azurite_is_not_installed_again()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(NodeTools.AzuriteScript(_root))!);
        File.WriteAllText(NodeTools.AzuriteScript(_root), "// present");

        await NodeTools.EnsureInstalledAsync(_root, () => throw new InvalidOperationException("npm must not run"), NullLogger.Instance, default);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string FakeNpm(string body)
    {
        var path = Path.Combine(_root, "fake-npm");
        File.WriteAllText(path, "#!/bin/sh\nset -e\n" + body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
