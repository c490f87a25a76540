using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>A test with its own server over the shared Azurite; override <see cref="CreateApp"/> to change settings or services.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private ReferralsApp? _app;
    private HttpClient? _admin;
    private HttpClient? _visitor;

    protected ReferralsApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    protected ApiClient Api => new(_admin!);

    protected HttpClient Visitor => _visitor!;

    public virtual async Task InitializeAsync()
    {
        _app = CreateApp(await SharedAzurite.GetAsync());
        _admin = _app.CreateAdminClient();
        _visitor = _app.CreateVisitorClient();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        _visitor?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    protected virtual ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite);
}
