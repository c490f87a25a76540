using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Referrals.Core.Webhooks;

namespace Referrals.Storage.Webhooks;

/// <summary>
/// Webhook secrets in the <c>IntegrationSecrets</c> table: PartitionKey = program id, RowKey = provider
/// (<c>stripe</c>, <c>paddle</c>, <c>generic</c>), <c>Secret</c> = the value encrypted by
/// <see cref="SecretProtector"/> (never the plain secret), <c>UpdatedAt</c>.
/// </summary>
public sealed partial class TableIntegrationSecrets(StorageAccount account, SecretProtector protector, TimeProvider time, ILogger<TableIntegrationSecrets> logger) : IIntegrationSecrets
{
    private readonly TableClient _table = account.GetTableClient("IntegrationSecrets");

    public async Task SetAsync(string programId, WebhookProvider provider, string secret, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var row = RowKey(provider);
        var entity = new TableEntity(TableKeys.Require(programId, nameof(programId)), row)
            .With("Secret", protector.Protect(secret, Context(programId, row)))
            .With("UpdatedAt", time.GetUtcNow());
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<string?> GetAsync(string programId, WebhookProvider provider, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        var row = RowKey(provider);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetBinary("Secret") is not { } stored)
        {
            return null;
        }

        var secret = protector.Unprotect(stored, Context(programId, row));
        if (secret is null)
        {
            // Stored under another key (the secrets key changed) or altered: treat as not configured, and say so.
            LogUnreadableSecret(logger, programId, row);
        }

        return secret;
    }

    private static string RowKey(WebhookProvider provider) => provider.ToString().ToLowerInvariant();

    private static string Context(string programId, string provider) => $"integration-secret\u001f{programId}\u001f{provider}";

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Provider} webhook secret of program {ProgramId} cannot be decrypted with the configured Referrals:SecretsKey; set it again")]
    private static partial void LogUnreadableSecret(ILogger logger, string programId, string provider);
}
