using Azure;
using Azure.Data.Tables;
using Referrals.Core.OutboundWebhooks;

namespace Referrals.Storage.OutboundWebhooks;

/// <summary>
/// Deliveries in <c>WebhookDeliveries</c> (PartitionKey = endpoint id, RowKey = delivery id, the body
/// as sent) and their attempts in <c>WebhookAttempts</c> (PartitionKey = delivery id, RowKey = the
/// attempt number, zero-padded so the rows read in order). A delivery changes only under its ETag.
/// </summary>
public sealed class TableWebhookDeliveryStore(StorageAccount account) : IWebhookDeliveryStore
{
    public const string DeliveriesTable = "WebhookDeliveries";
    public const string AttemptsTable = "WebhookAttempts";

    /// <summary>The most deliveries of one endpoint a listing reads before it sorts them newest first.</summary>
    private const int MaxScanned = 2_000;

    private readonly TableClient _deliveries = account.GetTableClient(DeliveriesTable);
    private readonly TableClient _attempts = account.GetTableClient(AttemptsTable);

    public async Task<bool> TryCreateAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await _deliveries.AddEntityAsync(ToEntity(delivery), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<(WebhookDelivery Delivery, string Version)?> GetAsync(string endpointId, string deliveryId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(endpointId) || !TableKeys.IsValid(deliveryId))
        {
            return null;
        }

        var response = await _deliveries.GetEntityIfExistsAsync<TableEntity>(endpointId, deliveryId, cancellationToken: cancellationToken);
        return response.HasValue ? (FromEntity(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryUpdateAsync(WebhookDelivery delivery, string version, CancellationToken cancellationToken)
    {
        try
        {
            await _deliveries.UpdateEntityAsync(ToEntity(delivery), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(string endpointId, DeliveryStatus? status, int limit, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(endpointId))
        {
            return [];
        }

        var filter = status is { } wanted
            ? TableClient.CreateQueryFilter($"PartitionKey eq {endpointId} and Status eq {wanted.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {endpointId}");
        var found = new List<WebhookDelivery>();
        await foreach (var entity in _deliveries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
            if (found.Count >= MaxScanned)
            {
                break;
            }
        }

        return found.OrderByDescending(delivery => delivery.CreatedAt).ThenBy(delivery => delivery.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    public Task AddAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var entity = new TableEntity(TableKeys.Require(attempt.DeliveryId, nameof(attempt.DeliveryId)), AttemptKey(attempt.Number))
            .With("At", attempt.At)
            .With("StatusCode", attempt.StatusCode)
            .With("LatencyMilliseconds", attempt.LatencyMilliseconds)
            .With("Response", attempt.Response)
            .With("Error", attempt.Error);
        return _attempts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(deliveryId))
        {
            return [];
        }

        var found = new List<DeliveryAttempt>();
        await foreach (var entity in _attempts.QueryAsync<TableEntity>(row => row.PartitionKey == deliveryId, cancellationToken: cancellationToken))
        {
            found.Add(new DeliveryAttempt(
                deliveryId,
                int.Parse(entity.RowKey, System.Globalization.CultureInfo.InvariantCulture),
                entity.RequiredTime("At"),
                entity.GetInt32("StatusCode"),
                entity.GetInt64("LatencyMilliseconds") ?? 0,
                entity.GetString("Response") ?? string.Empty,
                entity.GetString("Error")));
        }

        return found;
    }

    private static string AttemptKey(int number) => number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(WebhookDelivery delivery) =>
        new TableEntity(TableKeys.Require(delivery.EndpointId, nameof(delivery.EndpointId)), TableKeys.Require(delivery.Id, nameof(delivery.Id)))
            .With("ProgramId", delivery.ProgramId)
            .With("WebhookId", delivery.WebhookId)
            .With("EventType", delivery.EventType)
            .With("Body", delivery.Body)
            .With("CreatedAt", delivery.CreatedAt)
            .With("Status", delivery.Status.ToString())
            .With("Attempts", delivery.Attempts)
            .With("RunStartedAt", delivery.RunStartedAt)
            .With("NextAttemptAt", delivery.NextAttemptAt)
            .With("LastStatusCode", delivery.LastStatusCode)
            .With("LastAttemptAt", delivery.LastAttemptAt);

    private static WebhookDelivery FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.RequiredString("ProgramId"),
        entity.PartitionKey,
        entity.RequiredString("WebhookId"),
        entity.RequiredString("EventType"),
        entity.RequiredString("Body"),
        entity.RequiredTime("CreatedAt"),
        entity.RequiredEnum<DeliveryStatus>("Status"),
        entity.RequiredInt("Attempts"),
        entity.GetInt32("RunStartedAt") ?? 1,
        entity.GetDateTimeOffset("NextAttemptAt"),
        entity.GetInt32("LastStatusCode"),
        entity.GetDateTimeOffset("LastAttemptAt"));
}
