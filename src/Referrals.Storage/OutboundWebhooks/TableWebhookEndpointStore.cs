using Azure;
using Azure.Data.Tables;
using Referrals.Core.OutboundWebhooks;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage.OutboundWebhooks;

/// <summary>
/// Webhook endpoints in the <c>WebhookEndpoints</c> table: PartitionKey = program id, RowKey = endpoint id.
/// The signing secrets are stored encrypted by <see cref="SecretProtector"/>, bound to program and endpoint.
/// </summary>
public sealed class TableWebhookEndpointStore(StorageAccount account, SecretProtector protector) : IWebhookEndpointStore
{
    public const string TableName = "WebhookEndpoints";
    private readonly TableClient _table = account.GetTableClient(TableName);

    public Task CreateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(ToEntity(endpoint), cancellationToken);

    public async Task<WebhookEndpoint?> GetAsync(string programId, string endpointId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(endpointId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, endpointId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return [];
        }

        var found = new List<WebhookEndpoint>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(row => row.PartitionKey == programId, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found.OrderBy(endpoint => endpoint.CreatedAt).ToList();
    }

    public async Task<bool> SaveAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(ToEntity(endpoint), ETag.All, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string programId, string endpointId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(endpointId))
        {
            return false;
        }

        // Deleting a missing entity succeeds in the Tables SDK, so look first to answer 404 for an unknown endpoint.
        var current = await _table.GetEntityIfExistsAsync<TableEntity>(programId, endpointId, ["PartitionKey"], cancellationToken);
        if (!current.HasValue)
        {
            return false;
        }

        await _table.DeleteEntityAsync(programId, endpointId, ETag.All, cancellationToken);
        return true;
    }

    private TableEntity ToEntity(WebhookEndpoint endpoint) =>
        new TableEntity(TableKeys.Require(endpoint.ProgramId, nameof(endpoint.ProgramId)), TableKeys.Require(endpoint.Id, nameof(endpoint.Id)))
            .With("Url", endpoint.Url)
            .With("Events", string.Join(' ', endpoint.Events))
            .With("Description", endpoint.Description)
            .With("Enabled", endpoint.Enabled)
            .With("Secret", protector.Protect(endpoint.Secret, Context(endpoint.ProgramId, endpoint.Id)))
            .With("PreviousSecret", endpoint.PreviousSecret is null ? null : protector.Protect(endpoint.PreviousSecret, Context(endpoint.ProgramId, endpoint.Id)))
            .With("PreviousSecretUntil", endpoint.PreviousSecretUntil)
            .With("CreatedAt", endpoint.CreatedAt)
            .With("ConsecutiveFailures", endpoint.ConsecutiveFailures)
            .With("DisabledReason", endpoint.DisabledReason);

    private WebhookEndpoint FromEntity(TableEntity entity)
    {
        var context = Context(entity.PartitionKey, entity.RowKey);
        var secret = protector.Unprotect(entity.GetBinary("Secret") ?? [], context)
            ?? throw new InvalidOperationException($"The secret of webhook endpoint {entity.RowKey} cannot be decrypted with the configured Referrals:SecretsKey.");
        var previous = entity.GetBinary("PreviousSecret") is { } stored ? protector.Unprotect(stored, context) : null;
        return new WebhookEndpoint(
            entity.RowKey,
            entity.PartitionKey,
            entity.RequiredString("Url"),
            entity.RequiredString("Events").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            entity.GetString("Description"),
            entity.RequiredBool("Enabled"),
            secret,
            entity.RequiredTime("CreatedAt"),
            previous,
            previous is null ? null : entity.GetDateTimeOffset("PreviousSecretUntil"),
            entity.GetInt32("ConsecutiveFailures") ?? 0,
            entity.GetString("DisabledReason"));
    }

    private static string Context(string programId, string endpointId) => $"webhook-endpoint\u001f{programId}\u001f{endpointId}";
}
