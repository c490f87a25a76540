using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;

namespace Referrals.Server.Tests;

/// <summary>
/// The pages' data-protection keys live in the shared tables, so a web front that scaled to zero and came
/// back, or another replica, still reads the sessions and antiforgery tokens it handed out.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task What_one_instance_protected_another_over_the_same_tables_reads_and_the_key_is_stored_there()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var first = new ReferralsApp(azurite);
        await using var second = new ReferralsApp(azurite, new Dictionary<string, string?> { ["Referrals:Storage:Prefix"] = first.Prefix });
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();

        var protectedSession = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Protect("ada@example.com");
        var read = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Unprotect(protectedSession);

        Assert.Equal("ada@example.com", read);
        var keys = first.Services.GetRequiredService<StorageAccount>().GetTableClient("DataProtectionKeys").Query<TableEntity>().ToList();
        var key = Assert.Single(keys);
        Assert.StartsWith("<key ", key.GetString("Xml"), StringComparison.Ordinal);
    }
}
