using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Referrals.Core.Webhooks;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage.Tests.Webhooks;

public sealed class IntegrationSecretsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static TableIntegrationSecrets Secrets(StorageAccount account, byte[] key) =>
        new(account, new SecretProtector(key), TimeProvider.System, NullLogger<TableIntegrationSecrets>.Instance);

    [Fact]
    public async Task A_secret_reads_back_per_program_and_provider_and_is_stored_encrypted()
    {
        var account = await azurite.CreateAccountAsync();
        var secrets = Secrets(account, Key);

        await secrets.SetAsync("prg_a", WebhookProvider.Stripe, "whsec_first_0123456789", default);
        await secrets.SetAsync("prg_a", WebhookProvider.Stripe, "whsec_rotated_0123456789", default);
        await secrets.SetAsync("prg_a", WebhookProvider.Paddle, "pdl_ntfset_0123456789", default);

        Assert.Equal("whsec_rotated_0123456789", await secrets.GetAsync("prg_a", WebhookProvider.Stripe, default));
        Assert.Equal("pdl_ntfset_0123456789", await secrets.GetAsync("prg_a", WebhookProvider.Paddle, default));
        Assert.Null(await secrets.GetAsync("prg_a", WebhookProvider.Generic, default));
        Assert.Null(await secrets.GetAsync("prg_b", WebhookProvider.Stripe, default));
        var row = (await account.GetTableClient("IntegrationSecrets").GetEntityAsync<TableEntity>("prg_a", "stripe")).Value;
        Assert.DoesNotContain("whsec", System.Text.Encoding.UTF8.GetString(row.GetBinary("Secret")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_under_another_key_or_moved_to_another_program_does_not_decrypt()
    {
        var account = await azurite.CreateAccountAsync();
        await Secrets(account, Key).SetAsync("prg_a", WebhookProvider.Stripe, "whsec_0123456789abcdef", default);
        var table = account.GetTableClient("IntegrationSecrets");
        var row = (await table.GetEntityAsync<TableEntity>("prg_a", "stripe")).Value;
        await table.AddEntityAsync(new TableEntity("prg_b", "stripe") { ["Secret"] = row.GetBinary("Secret") });

        Assert.Null(await Secrets(account, RandomNumberGenerator.GetBytes(32)).GetAsync("prg_a", WebhookProvider.Stripe, default));
        Assert.Null(await Secrets(account, Key).GetAsync("prg_b", WebhookProvider.Stripe, default));
    }
}
