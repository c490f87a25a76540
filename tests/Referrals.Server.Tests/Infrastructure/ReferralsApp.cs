using System.Net.Http.Headers;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Referrals.Storage;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// The real server over the shared Azurite, with tables and queues of its own (a random prefix), so
/// tests run in parallel without seeing each other's data.
/// </summary>
public sealed class ReferralsApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ReferralsApp(AzuriteFixture azurite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : this((azurite ?? throw new ArgumentNullException(nameof(azurite))).ConnectionString, settings, services)
    {
    }

    /// <summary>The server over the storage at <paramref name="connectionString"/> (an emulator of the test's own).</summary>
    public ReferralsApp(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Prefix = AzuriteFixture.NewPrefix();
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = connectionString,
            ["Referrals:Storage:Prefix"] = Prefix,
            ["Referrals:Storage:QueuePollInterval"] = "00:00:00.100",
            ["Referrals:AdminApiKey"] = AdminKey,
            ["Referrals:IpHashSalt"] = "test-salt-0123456789abcdef",
            ["Referrals:Payouts:RunScheduler"] = "false",

            // No test reaches the ECB: rates come from what each test stores or serves on 127.0.0.1.
            ["Referrals:Rates:Fetch"] = "false",
            ["Referrals:Rates:Seed"] = "false",

            // Short waits for what is on its way, so a test of what happens past them finishes quickly.
            ["Referrals:Attribution:PaymentWait"] = "00:00:08",
            ["Referrals:Attribution:FirstSaleWait"] = "00:00:08",
            ["Referrals:Attribution:UnknownFirstSaleWait"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    public string Prefix { get; }

    public string ConnectionString { get; }

    /// <summary>A client that sends the admin key and does not follow redirects.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A client that sends <paramref name="apiKey"/> and does not follow redirects.</summary>
    public HttpClient CreateClientWithKey(string apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A client without credentials that does not follow redirects, like a visitor's browser.</summary>
    public HttpClient CreateVisitorClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        return client;
    }

    /// <summary>The number of rows in each of this app's tables, to show that a refused request stored nothing.</summary>
    public Task<IReadOnlyDictionary<string, int>> CountRowsAsync() => TableRows.CountAsync(ConnectionString, Prefix);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration is what Program.cs sees before Build(), where it decides whether to start its own Azurite.
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
