using Azure.Data.Tables;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tracking;

/// <summary>
/// Clicks in the <c>Clicks</c> table: PartitionKey = the click id's partition (link code and UTC hour),
/// RowKey = the click id's key. A batch of one partition is one entity-group transaction, so it is
/// stored all or none, and a click id alone is enough for a point read.
/// </summary>
public sealed class TableClickLog(StorageAccount account) : IClickLog
{
    private readonly TableClient _table = account.GetTableClient("Clicks");

    public async Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        if (clicks.Count == 0)
        {
            return;
        }

        if (clicks.Count > IClickLog.MaxBatchSize)
        {
            throw new ArgumentException($"At most {IClickLog.MaxBatchSize} clicks fit in one batch; got {clicks.Count}.", nameof(clicks));
        }

        var partition = TableKeys.Require(clicks[0].Id.Partition, nameof(clicks));
        if (clicks.Any(click => click.Id.Partition != partition))
        {
            throw new ArgumentException("All clicks of a batch must share one partition (link code and hour).", nameof(clicks));
        }

        var actions = clicks.Select(click => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(click)));
        await _table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(id.LinkCode) || !TableKeys.IsValid(id.Key))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id.Partition, id.Key, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    private static TableEntity ToEntity(Click click) =>
        new TableEntity(click.Id.Partition, TableKeys.Require(click.Id.Key, nameof(click)))
            .With("LinkCode", click.LinkCode)
            .With("Hour", click.Id.Hour.ToUniversalTime())
            .With("ProgramId", click.ProgramId)
            .With("PartnerId", click.PartnerId)
            .With("OccurredAt", click.OccurredAt)
            .With("VisitorHash", click.VisitorHash)
            .With("UserAgentClass", click.UserAgentClass.ToString())
            .With("ReferrerHost", click.ReferrerHost)
            .With("IsBot", click.IsBot);

    private static Click FromEntity(TableEntity entity) => new(
        new ClickId(entity.RequiredString("LinkCode"), entity.RequiredTime("Hour"), entity.RowKey),
        entity.RequiredString("ProgramId"),
        entity.RequiredString("PartnerId"),
        entity.RequiredTime("OccurredAt"),
        entity.RequiredString("VisitorHash"),
        entity.RequiredEnum<UserAgentClass>("UserAgentClass"),
        entity.GetString("ReferrerHost"),
        entity.RequiredBool("IsBot"));
}
