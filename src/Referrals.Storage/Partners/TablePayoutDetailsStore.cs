using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Referrals.Core.Partners;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage.Partners;

/// <summary>
/// Payout details in <c>PayoutDetails</c>, one partition per partner: RowKey <c>current</c> holds the details
/// encrypted by <see cref="SecretProtector"/> (bound to the partner, so a value copied to another partner
/// does not decrypt), and each change adds a <c>change-</c> row (newest first) with who, when and the masked
/// details. Both are written in one transaction, so no change goes unaudited.
/// </summary>
public sealed partial class TablePayoutDetailsStore(StorageAccount account, SecretProtector protector, ILogger<TablePayoutDetailsStore> logger) : IPayoutDetailsStore
{
    private const string CurrentRow = "current";
    private const string ChangePrefix = "change-";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private readonly TableClient _table = account.GetTableClient("PayoutDetails");

    public async Task<PayoutDetails?> GetAsync(string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, CurrentRow, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetBinary("Details") is not { } stored)
        {
            return null;
        }

        if (protector.Unprotect(stored, Context(partnerId)) is not { } json)
        {
            LogUnreadable(logger, partnerId);
            return null;
        }

        return JsonSerializer.Deserialize<PayoutDetails>(json, Json);
    }

    public async Task SetAsync(string partnerId, PayoutDetails details, PayoutDetailsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(change);
        TableKeys.Require(partnerId, nameof(partnerId));
        var current = new TableEntity(partnerId, CurrentRow)
            .With("Details", protector.Protect(JsonSerializer.Serialize(details, Json), Context(partnerId)))
            .With("Method", details.Method.ToString())
            .With("UpdatedAt", change.At);
        var audit = new TableEntity(partnerId, $"{ChangePrefix}{DateTimeOffset.MaxValue.UtcTicks - change.At.UtcTicks:D19}-{Core.Identifiers.New("ch")[3..11]}")
            .With("At", change.At)
            .With("By", change.By)
            .With("Method", change.Method.ToString())
            .With("Masked", change.Masked);
        await _table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpsertReplace, current), new TableTransactionAction(TableTransactionActionType.Add, audit)],
            cancellationToken);
    }

    public async Task<IReadOnlyList<PayoutDetailsChange>> ListChangesAsync(string partnerId, int max, CancellationToken cancellationToken)
    {
        var changes = new List<PayoutDetailsChange>();
        if (!TableKeys.IsValid(partnerId))
        {
            return changes;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partnerId} and RowKey ge {ChangePrefix} and RowKey lt {"change."}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(max, 1, 1000), cancellationToken: cancellationToken))
        {
            changes.Add(new PayoutDetailsChange(partnerId, entity.RequiredTime("At"), entity.RequiredString("By"), entity.RequiredEnum<PayoutMethod>("Method"), entity.RequiredString("Masked")));
            if (changes.Count >= max)
            {
                break;
            }
        }

        return changes;
    }

    private static string Context(string partnerId) => $"payout-details\u001f{partnerId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "The payout details of partner {PartnerId} cannot be decrypted with the configured Referrals:SecretsKey; the partner must enter them again")]
    private static partial void LogUnreadable(ILogger logger, string partnerId);
}
