using System.Globalization;
using Azure.Data.Tables;
using Referrals.Core.Joining;

namespace Referrals.Storage.Joining;

/// <summary>
/// Acceptances in the <c>Agreements</c> table: PartitionKey = program id, RowKey = <c>{partnerId}:{version}</c>
/// (zero-padded), one row per partner and version, never overwritten; so a partner's newest acceptance is
/// the last row of their range, and the program's partition lists everyone's.
/// </summary>
public sealed class TableAgreementStore(StorageAccount account) : IAgreementStore
{
    private readonly TableClient _table = account.GetTableClient("Agreements");

    public async Task RecordAsync(string programId, string partnerId, Agreement agreement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        TableKeys.Require(programId, nameof(programId));
        TableKeys.Require(partnerId, nameof(partnerId));
        try
        {
            await _table.AddEntityAsync(
                new TableEntity(programId, partnerId + ":" + agreement.Version.ToString("D6", CultureInfo.InvariantCulture))
                    .With("PartnerId", partnerId)
                    .With("Version", agreement.Version)
                    .With("TextSha256", agreement.TextSha256)
                    .With("AcceptedAt", agreement.AcceptedAt)
                    .With("AddressHash", agreement.AddressHash),
                cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.IsConflict())
        {
            // Accepted before: the first acceptance is the one on record.
        }
    }

    public async Task<Agreement?> GetLatestAsync(string programId, string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(partnerId))
        {
            return null;
        }

        Agreement? latest = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {partnerId + ":"} and RowKey lt {partnerId + ";"}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            latest = Read(entity);
        }

        return latest;
    }

    public async Task<IReadOnlyDictionary<string, Agreement>> ListLatestAsync(string programId, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, Agreement>(StringComparer.Ordinal);
        if (!TableKeys.IsValid(programId))
        {
            return latest;
        }

        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {programId}"), cancellationToken: cancellationToken))
        {
            // Rows come in key order, a partner's versions ascending: the last one seen is the newest.
            latest[entity.RequiredString("PartnerId")] = Read(entity);
        }

        return latest;
    }

    private static Agreement Read(TableEntity entity) => new(
        entity.RequiredInt("Version"),
        entity.RequiredString("TextSha256"),
        entity.RequiredTime("AcceptedAt"),
        entity.RequiredString("AddressHash"));
}
