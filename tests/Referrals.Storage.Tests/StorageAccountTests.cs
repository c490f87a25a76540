using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tests;

public sealed class StorageAccountTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Table_and_queue_names_carry_the_prefix()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "t3fa9" });

        Assert.Equal("t3fa9Links", account.TableName("Links"));
        Assert.Equal("t3fa9-conversion-received", account.QueueName(Topics.ConversionReceived));
        Assert.Equal("t3fa9-conversion-received-poison", account.PoisonQueueName(Topics.ConversionReceived));
    }

    [Fact]
    public void Without_a_prefix_the_names_are_the_plain_ones()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString });

        Assert.Equal("Links", account.TableName("Links"));
        Assert.Equal("clicks-recorded", account.QueueName(Topics.ClicksRecorded));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("abcdefghijklmnopqrstu")]
    public void A_prefix_that_would_make_bad_names_is_refused_naming_the_setting(string prefix)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix }));

        Assert.Contains("Storage:Prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new StorageAccount(new StorageOptions()));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NetworkTimeout", "00:00:00")]
    [InlineData("MaxRetries", "-1")]
    [InlineData("MaxRetries", "11")]
    [InlineData("RetryDelay", "-00:00:01")]
    [InlineData("MaxRetryDelay", "00:00:00.100")]
    public void A_timeout_or_retry_setting_out_of_range_is_refused_naming_it(string setting, string value)
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, RetryDelay = TimeSpan.FromMilliseconds(200) };
        var property = typeof(StorageOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(int)
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<OptionsValidationException>(() => new StorageAccount(options));

        Assert.Contains("Storage:" + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_that_never_answers_fails_the_call_within_its_timeout_and_retries()
    {
        // Accepts connections and never answers, as a frozen storage does.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var account = new StorageAccount(new StorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Azurite.AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            NetworkTimeout = TimeSpan.FromMilliseconds(500),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => account.GetTableClient("Links").GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("a", "b"));

        // Two attempts of 0.5 s and a short delay, far from the SDK's default of minutes.
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.True(error is OperationCanceledException or Azure.RequestFailedException or AggregateException, error.GetType().FullName);
    }

    [Theory]
    [InlineData("https://acct.table.core.windows.net")]
    [InlineData("https://acct.blob.core.windows.net/")]
    [InlineData("https://acct.queue.core.windows.net/")]
    public void An_account_uri_gives_the_accounts_table_and_queue_endpoints(string uri)
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = uri });

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), account.Tables.Uri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), account.Queues.Uri);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=not-base64!")]
    public void A_malformed_connection_string_is_refused_without_echoing_it(string connectionString)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new StorageAccount(new StorageOptions { ConnectionString = connectionString }));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_storage_shortcut_is_accepted()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Equal(10002, account.Tables.Uri.Port);
    }

    [Fact]
    public void A_uri_that_is_not_a_storage_account_is_refused()
    {
        Assert.Throws<OptionsValidationException>(() => new StorageAccount(new StorageOptions { ConnectionString = "https://example.com/" }));
    }

    [Fact]
    public async Task Creating_twice_is_harmless()
    {
        var account = await azurite.CreateAccountAsync();

        await account.EnsureCreatedAsync(default);

        Assert.True((await account.GetPoisonQueueClient(Topics.ClicksRecorded).ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_service_registration_resolves_every_port_over_the_configured_account()
    {
        var options = azurite.CreateOptions();
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<StorageOptions>(o => (o.ConnectionString, o.Prefix) = (options.ConnectionString, options.Prefix))
            .AddReferralStorage()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(default);

        var program = TestData.Program();
        await services.GetRequiredService<IProgramStore>().CreateAsync(program, default);

        Assert.Equal(options.Prefix, services.GetRequiredService<StorageAccount>().Prefix);
        Assert.NotNull(await services.GetRequiredService<IProgramStore>().GetAsync(program.Id, default));
        Assert.NotNull(services.GetRequiredService<IPartnerStore>());
        Assert.NotNull(services.GetRequiredService<ILinkStore>());
        Assert.NotNull(services.GetRequiredService<IReferralCodeStore>());
        Assert.NotNull(services.GetRequiredService<IClickLog>());
        Assert.NotNull(services.GetRequiredService<IConversionStore>());
        Assert.NotNull(services.GetRequiredService<ICommissionStore>());
        Assert.NotNull(services.GetRequiredService<IStatsStore>());
        Assert.NotNull(services.GetRequiredService<IEventPublisher>());
        Assert.Equal(HealthStatus.Healthy, (await services.GetRequiredService<StorageHealthCheck>().CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Same(services.GetRequiredService<IClickLog>(), services.GetRequiredService<IClickLog>());
    }
}
