using Referrals.Storage.Tests;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>The one Azurite of this test run, started on first use.</summary>
public static class SharedAzurite
{
    public static async Task<AzuriteFixture> GetAsync()
    {
        await AzuriteFixture.Shared.InitializeAsync();
        return AzuriteFixture.Shared;
    }
}
