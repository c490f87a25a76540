using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Referrals.Storage;
using Referrals.Storage.Tests;

namespace Referrals.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app's services as the worker composes them (<see cref="FunctionsHost.AddReferralFunctions"/>
/// under <see cref="FunctionsApplication.CreateBuilder(string[])"/>), over the shared Azurite with tables
/// and queues of its own (a random prefix), so test classes run in parallel. The host itself is never
/// started (it would dial a Functions host over gRPC): only the app's own hosted services run (the
/// table initializer and the click recorder's group-commit loop, which durable redirects wait on).
/// Functions are called as the worker calls them: an instance from the invocation's scope, a real
/// <see cref="HttpContext"/>, and the returned <see cref="IActionResult"/> executed into the response.
/// </summary>
public class FunctionsApp : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    /// <summary>A browser's User-Agent, so a redirect counts as a visitor's click and not a bot's.</summary>
    public const string BrowserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    private readonly List<IHostedService> _started = [];
    private IHost? _host;

    public string Prefix { get; } = AzuriteFixture.NewPrefix();

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The app is not initialized.")).Services;

    /// <summary>The settings a deployment of the app has to give (see <c>infra/</c>), for storage at <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string?> RequiredSettings(string connectionString, string prefix) => new()
    {
        ["ConnectionStrings:Storage"] = connectionString,
        ["Referrals:Storage:Prefix"] = prefix,
        ["Referrals:AdminApiKey"] = AdminKey,
        ["Referrals:IpHashSalt"] = "test-salt-0123456789abcdef",
        ["Referrals:SecretsKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("test-secrets-key-of-32-bytes-ok!")),
        ["Referrals:DecisionLinkSecret"] = "test-decision-link-secret-0123456789",
    };

    /// <summary>
    /// What the Functions host hands its worker when it starts the process: where to dial back over gRPC
    /// (never dialed here: the host is not started) and the worker's ids.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> HostSuppliedSettings { get; } = new Dictionary<string, string?>
    {
        ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
        ["Functions:Worker:WorkerId"] = "test-worker",
        ["Functions:Worker:RequestId"] = "test-request",
        ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
    };

    /// <summary>The worker's builder with the app's services, its container checking scopes and every registration as it is built.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(IDictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(HostSuppliedSettings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddReferralFunctions();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        return builder;
    }

    /// <summary>A connection string in Azurite's form whose endpoints are a loopback port nobody listens on.</summary>
    public static string UnreachableStorage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    /// <summary>Changes to the required settings for this app.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Whether the app's storage is the shared Azurite (its tables and queues made, its hosted services started).</summary>
    protected virtual bool StorageReachable => true;

    public async Task InitializeAsync()
    {
        ConnectionString = StorageReachable ? (await SharedAzurite()).ConnectionString : UnreachableStorage();
        var settings = RequiredSettings(ConnectionString, Prefix);
        Configure(settings);
        _host = CreateBuilder(settings).Build();
        if (!StorageReachable)
        {
            return;
        }

        // Queues too: without a Service Bus namespace the events go to Storage queues, as on the server.
        await Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(CancellationToken.None);
        foreach (var service in Services.GetServices<IHostedService>().Where(service => IsOwn(service.GetType())))
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        _host?.Dispose();
    }

    /// <summary>Whether <paramref name="type"/> is one of the product's own (not the worker's or a library's).</summary>
    public static bool IsOwn(Type type) => type.Assembly.GetName().Name!.StartsWith("Referrals.", StringComparison.Ordinal);

    /// <summary>Calls a function of <typeparamref name="TFunctions"/> with <paramref name="request"/> and returns what the caller receives.</summary>
    public Task<FunctionAnswer> CallAsync<TFunctions>(FunctionRequest request, Func<TFunctions, HttpRequest, Task<IActionResult>> function)
        where TFunctions : class => CallAsync(request, function, []);

    /// <summary>
    /// Calls a function of <typeparamref name="TFunctions"/> made with <paramref name="arguments"/> in place of
    /// the app's services of their types (a stand-in for a port Azure alone provides).
    /// </summary>
    public async Task<FunctionAnswer> CallAsync<TFunctions>(FunctionRequest request, Func<TFunctions, HttpRequest, Task<IActionResult>> function, params object[] arguments)
        where TFunctions : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        await using var scope = Services.CreateAsyncScope();
        var context = request.ToHttpContext(scope.ServiceProvider);
        var functions = ActivatorUtilities.CreateInstance<TFunctions>(scope.ServiceProvider, arguments);
        var result = await function(functions, context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return FunctionAnswer.From(context);
    }

    /// <summary>The number of rows in each of this app's tables, to show that a refused request stored nothing.</summary>
    public Task<IReadOnlyDictionary<string, int>> CountRowsAsync() => TableRows.CountAsync(ConnectionString, Prefix);

    private static async Task<AzuriteFixture> SharedAzurite()
    {
        await AzuriteFixture.Shared.InitializeAsync();
        return AzuriteFixture.Shared;
    }
}
