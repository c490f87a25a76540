namespace Referrals.Bench.Redirect.Hosting;

/// <summary>Where the repository is, and the Release build of the real server inside it.</summary>
internal sealed class Repository(string root)
{
    public string Root { get; } = root;

    public string ServerProject => Path.Combine(Root, "src", "Referrals.Server");

    public string ServerDll => Path.Combine(ServerProject, "bin", "Release", "net10.0", "Referrals.Server.dll");

    /// <summary>The nearest folder above the working directory or this program that holds <c>ReferralFunctions.sln</c>.</summary>
    public static Repository Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ReferralFunctions.sln")))
                {
                    return new Repository(directory.FullName);
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository (a folder with ReferralFunctions.sln) above the working directory or the benchmark.");
    }

    /// <summary>Builds the server in Release when its dll is missing (or when asked to), and returns the dll's path.</summary>
    public async Task<string> EnsureServerBuiltAsync(bool rebuild, CancellationToken cancellationToken)
    {
        if (File.Exists(ServerDll) && !rebuild)
        {
            return ServerDll;
        }

        Console.WriteLine($"Building the server (dotnet build {Path.GetRelativePath(Root, ServerProject)} -c Release)...");
        var (exitCode, output) = await Tool.RunAsync(
            WebAppProcess.DotNetHost(), ["build", ServerProject, "-c", "Release", "-nologo", "-v", "quiet"], Root, cancellationToken);
        if (exitCode != 0 || !File.Exists(ServerDll))
        {
            throw new InvalidOperationException($"Building the server failed (exit code {exitCode}):{Environment.NewLine}{output}");
        }

        return ServerDll;
    }
}
