using Referrals.Api.Hosting;
using Referrals.Azurite;

namespace Referrals.Server.Hosting;

/// <summary>
/// Development convenience: with no <c>ConnectionStrings:Storage</c>, the server starts its own Azurite
/// on loopback, keeping its data in the git-ignored <c>.azurite/</c> folder of the repository so it
/// survives restarts. Azurite runs under a watchdog that ends it with the server, and a leftover from
/// a crashed run is replaced at the next start.
/// </summary>
internal static class LocalStorage
{
    public const string ConnectionStringName = ReferralServices.StorageConnectionName;

    public static async Task<AzuriteProcess?> StartIfNeededAsync(WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)))
        {
            return null;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Storage is required outside Development: an Azure Storage connection string, or the account's https URI to sign in with DefaultAzureCredential.");
        }

        var root = FindRepositoryRoot(builder.Environment.ContentRootPath);
        var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions { DataDirectory = Path.Combine(root, ".azurite"), RepositoryRoot = root },
            cancellationToken);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = azurite.ConnectionString;
        return azurite;
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "ReferralFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        return start;
    }
}
