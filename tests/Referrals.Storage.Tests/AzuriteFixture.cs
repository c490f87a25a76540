using System.Security.Cryptography;
using Referrals.Azurite;

namespace Referrals.Storage.Tests;

/// <summary>
/// One in-memory Azurite per test process (so one per test assembly), started on first use on free
/// loopback ports and stopped when the process exits. Every <see cref="CreateAccountAsync"/> gets its
/// own random prefix, so its tables and queues are its own and tests can run in parallel.
/// </summary>
/// <remarks>
/// Another test assembly (it references this project) uses it the same way:
/// <code>
/// public sealed class RedirectTests(AzuriteFixture azurite) : IClassFixture&lt;AzuriteFixture&gt;
/// {
///     [Fact]
///     public async Task Something()
///     {
///         var account = await azurite.CreateAccountAsync();   // or azurite.CreateAccount()
///         // configure the host: StorageOptions.ConnectionString = azurite.ConnectionString,
///         //                     StorageOptions.Prefix = account.Prefix
///     }
/// }
/// </code>
/// Every fixture instance shares the same emulator; outside xunit fixtures use <see cref="Shared"/>.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<AzuriteProcess>> Emulator = new(StartEmulatorAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The fixture for code that is not handed one by xunit.</summary>
    public static AzuriteFixture Shared { get; } = new();

    /// <summary>The running emulator (started on first use).</summary>
    public AzuriteProcess Process => Emulator.Value.GetAwaiter().GetResult();

    public string ConnectionString => Process.ConnectionString;

    public async Task InitializeAsync() => await Emulator.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Options for the emulator with a fresh prefix; nothing is created.</summary>
    public StorageOptions CreateOptions(Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions { ConnectionString = ConnectionString, Prefix = NewPrefix() };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A storage account with a fresh prefix whose tables and queues exist.</summary>
    public async Task<StorageAccount> CreateAccountAsync(Action<StorageOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        await Emulator.Value;
        var account = new StorageAccount(CreateOptions(configure));
        await account.EnsureCreatedAsync(cancellationToken);
        return account;
    }

    /// <inheritdoc cref="CreateAccountAsync"/>
    public StorageAccount CreateAccount() => CreateAccountAsync().GetAwaiter().GetResult();

    /// <summary>"t" and 10 random lowercase hex digits: a valid, practically unique prefix.</summary>
    public static string NewPrefix() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private static async Task<AzuriteProcess> StartEmulatorAsync()
    {
        var process = await AzuriteProcess.StartAsync(new AzuriteOptions(), CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => process.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        return process;
    }
}
