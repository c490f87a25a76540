using System.Text.Json;
using Azure.Data.Tables;
using Referrals.Core.Joining;

namespace Referrals.Storage.Joining;

/// <summary>Programs' <see cref="JoinSettings"/> in the <c>JoinSettings</c> table, one row per program (PartitionKey = program id).</summary>
public sealed class TableJoinSettingsStore(StorageAccount account) : IJoinSettingsStore
{
    private readonly TableClient _table = account.GetTableClient("JoinSettings");

    public async Task<JoinSettings> GetAsync(string programId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return JoinSettings.Default;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(programId, string.Empty, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return JoinSettings.Default;
        }

        var entity = row.Value!;
        return new JoinSettings(
            entity.GetBoolean("AutoApprove") ?? false,
            JsonSerializer.Deserialize<string[]>(entity.GetString("AutoApproveDomains") ?? "[]") ?? [],
            entity.GetBoolean("EmailRejections") ?? true,
            entity.GetString("DefaultDestination"));
    }

    public async Task SetAsync(string programId, JoinSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TableKeys.Require(programId, nameof(programId));
        await _table.UpsertEntityAsync(
            new TableEntity(programId, string.Empty)
                .With("AutoApprove", settings.AutoApprove)
                .With("AutoApproveDomains", JsonSerializer.Serialize(settings.AutoApproveDomains))
                .With("EmailRejections", settings.EmailRejections)
                .With("DefaultDestination", settings.DefaultDestination),
            TableUpdateMode.Replace,
            cancellationToken);
    }
}
