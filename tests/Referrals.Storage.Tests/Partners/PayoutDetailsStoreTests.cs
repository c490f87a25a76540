using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Referrals.Core.Partners;
using Referrals.Storage.Partners;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage.Tests.Partners;

public sealed class PayoutDetailsStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static TablePayoutDetailsStore Store(StorageAccount account, byte[] key) => new(account, new SecretProtector(key), NullLogger<TablePayoutDetailsStore>.Instance);

    [Fact]
    public async Task Details_read_back_are_stored_encrypted_and_every_change_is_audited_newest_first()
    {
        var account = await azurite.CreateAccountAsync();
        var store = Store(account, Key);
        var paypal = new PayoutDetails(PayoutMethod.PayPal, "ada@example.com", null, null);
        var bank = new PayoutDetails(PayoutMethod.Bank, null, "DE89370400440532013000", "Ada Lovelace");

        await store.SetAsync("prt_a", paypal, new PayoutDetailsChange("prt_a", TestData.Now, "partner:prt_a", PayoutMethod.PayPal, paypal.Masked()), default);
        await store.SetAsync("prt_a", bank, new PayoutDetailsChange("prt_a", TestData.Now.AddMinutes(1), "partner:prt_a", PayoutMethod.Bank, bank.Masked()), default);

        Assert.Equal(bank, await store.GetAsync("prt_a", default));
        Assert.Null(await store.GetAsync("prt_b", default));
        var changes = await store.ListChangesAsync("prt_a", 10, default);
        Assert.Equal([PayoutMethod.Bank, PayoutMethod.PayPal], changes.Select(change => change.Method));
        Assert.Equal("Bank transfer DE** **** 3000 (Ada Lovelace)", changes[0].Masked);
        var rows = account.GetTableClient("PayoutDetails").QueryAsync<TableEntity>(row => row.PartitionKey == "prt_a");
        await foreach (var row in rows)
        {
            var text = string.Join("|", ((IDictionary<string, object>)row).Values.Select(value => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()));
            Assert.DoesNotContain("370400440532013000", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ada@example.com", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Details_copied_to_another_partner_or_read_under_another_key_do_not_decrypt()
    {
        var account = await azurite.CreateAccountAsync();
        var details = new PayoutDetails(PayoutMethod.PayPal, "ada@example.com", null, null);
        await Store(account, Key).SetAsync("prt_a", details, new PayoutDetailsChange("prt_a", TestData.Now, "admin", PayoutMethod.PayPal, details.Masked()), default);
        var table = account.GetTableClient("PayoutDetails");
        var row = (await table.GetEntityAsync<TableEntity>("prt_a", "current")).Value;
        await table.AddEntityAsync(new TableEntity("prt_b", "current") { ["Details"] = row.GetBinary("Details") });

        Assert.Null(await Store(account, Key).GetAsync("prt_b", default));
        Assert.Null(await Store(account, RandomNumberGenerator.GetBytes(32)).GetAsync("prt_a", default));
    }
}
