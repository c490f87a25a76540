using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Storage.Groups;

/// <summary>
/// Groups in <c>PartnerGroups</c> (program id / group id); plan versions in <c>PlanVersions</c> (program id /
/// group id + zero-padded version, so a program's whole history is one partition query and a version is
/// taken by insert-if-absent); moves in <c>GroupMoves</c> (partner id / time ticks + a random suffix, oldest
/// first), which are also the audit trail of a partner's group. <c>GroupMembers</c> (program id + "|" + group
/// id / partner id) indexes who was moved into a group, so a group's partners are one partition query.
/// </summary>
/// <remarks>
/// A move writes the new group's index row first, then the move, then removes the old group's row; a
/// crash in between leaves a row too many, never one missing, and readers check each row against the moves.
/// </remarks>
public sealed class TablePartnerGroups(StorageAccount account) : IPartnerGroups
{
    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TableClient _groups = account.GetTableClient("PartnerGroups");
    private readonly TableClient _versions = account.GetTableClient("PlanVersions");
    private readonly TableClient _moves = account.GetTableClient("GroupMoves");
    private readonly TableClient _members = account.GetTableClient("GroupMembers");

    public async Task<bool> TryCreateAsync(PartnerGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var entity = new TableEntity(TableKeys.Require(group.ProgramId, nameof(group)), TableKeys.Require(group.Id, nameof(group)))
            .With("Name", group.Name)
            .With("CreatedAt", group.CreatedAt);
        try
        {
            await _groups.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PartnerGroup>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        var groups = new List<PartnerGroup>();
        if (!TableKeys.IsValid(programId))
        {
            return groups;
        }

        await foreach (var entity in _groups.QueryAsync<TableEntity>(row => row.PartitionKey == programId, cancellationToken: cancellationToken))
        {
            groups.Add(new PartnerGroup(entity.PartitionKey, entity.RowKey, entity.RequiredString("Name"), entity.RequiredTime("CreatedAt")));
        }

        return groups;
    }

    public async Task<IReadOnlyList<PlanVersion>> ListPlanVersionsAsync(string programId, CancellationToken cancellationToken)
    {
        var versions = new List<PlanVersion>();
        if (!TableKeys.IsValid(programId))
        {
            return versions;
        }

        await foreach (var entity in _versions.QueryAsync<TableEntity>(row => row.PartitionKey == programId, cancellationToken: cancellationToken))
        {
            versions.Add(VersionOf(entity));
        }

        return versions;
    }

    public async Task<PlanVersion> AddPlanVersionAsync(
        string programId, string groupId, CommissionPlan plan, DateTimeOffset effectiveFrom, string changedBy, int firstVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        TableKeys.Require(programId, nameof(programId));
        TableKeys.Require(groupId, nameof(groupId));
        while (true)
        {
            var last = (await ListPlanVersionsAsync(programId, cancellationToken))
                .Where(version => version.GroupId == groupId)
                .Select(version => version.Version)
                .DefaultIfEmpty(firstVersion - 1)
                .Max();
            var added = new PlanVersion(programId, groupId, last + 1, plan with { Version = last + 1 }, effectiveFrom, changedBy);
            try
            {
                await _versions.AddEntityAsync(ToEntity(added), cancellationToken);
                return added;
            }
            catch (RequestFailedException exception) when (exception.IsConflict())
            {
                // Another change took this version number first: take the next one.
            }
        }
    }

    public async Task<IReadOnlyList<GroupMove>> ListMovesAsync(string partnerId, CancellationToken cancellationToken)
    {
        var moves = new List<GroupMove>();
        if (!TableKeys.IsValid(partnerId))
        {
            return moves;
        }

        await foreach (var entity in _moves.QueryAsync<TableEntity>(row => row.PartitionKey == partnerId, cancellationToken: cancellationToken))
        {
            moves.Add(new GroupMove(
                entity.RequiredString("ProgramId"),
                entity.PartitionKey,
                entity.RequiredString("FromGroupId"),
                entity.RequiredString("ToGroupId"),
                entity.RequiredTime("At"),
                entity.RequiredString("By"),
                entity.GetString("Reason")));
        }

        return moves;
    }

    public async Task<ListPage<string>> ListMovedIntoAsync(string programId, string groupId, string? after, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(groupId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<string>(ids, null);
        }

        var query = TableClient.CreateQueryFilter($"PartitionKey eq {MembersPartition(programId, groupId)} and RowKey gt {after ?? string.Empty}");
        await foreach (var entity in _members.QueryAsync<TableEntity>(query, maxPerPage: limit, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(entity.RowKey);
            if (ids.Count == limit)
            {
                return new ListPage<string>(ids, entity.RowKey);
            }
        }

        return new ListPage<string>(ids, null);
    }

    public async Task AddMoveAsync(GroupMove move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        TableKeys.Require(move.ProgramId, nameof(move));
        if (move.ToGroupId != PartnerGroup.DefaultId)
        {
            await _members.UpsertEntityAsync(new TableEntity(MembersPartition(move.ProgramId, move.ToGroupId), move.PartnerId), TableUpdateMode.Replace, cancellationToken);
        }

        var row = $"{move.At.UtcTicks:D19}-{Core.Identifiers.New("mv")[3..11]}";
        var entity = new TableEntity(TableKeys.Require(move.PartnerId, nameof(move)), row)
            .With("ProgramId", move.ProgramId)
            .With("FromGroupId", move.FromGroupId)
            .With("ToGroupId", move.ToGroupId)
            .With("At", move.At)
            .With("By", move.By)
            .With("Reason", move.Reason);
        await _moves.AddEntityAsync(entity, cancellationToken);
        if (move.FromGroupId != PartnerGroup.DefaultId && (await ListMovesAsync(move.PartnerId, cancellationToken))[^1].ToGroupId != move.FromGroupId)
        {
            // Unless a move made meanwhile took the partner back into the old group.
            try
            {
                await _members.DeleteEntityAsync(MembersPartition(move.ProgramId, move.FromGroupId), move.PartnerId, ETag.All, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Moved into that group before the index existed: nothing to clear.
            }
        }
    }

    private static string MembersPartition(string programId, string groupId) => $"{programId}|{groupId}";

    private static TableEntity ToEntity(PlanVersion version) =>
        new TableEntity(version.ProgramId, $"{version.GroupId}|{version.Version:D6}")
            .With("GroupId", version.GroupId)
            .With("Version", version.Version)
            .With("Plan", JsonSerializer.Serialize(version.Plan, PlanJson))
            .With("EffectiveFrom", version.EffectiveFrom)
            .With("ChangedBy", version.ChangedBy);

    private static PlanVersion VersionOf(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("GroupId"),
        entity.RequiredInt("Version"),
        JsonSerializer.Deserialize<CommissionPlan>(entity.RequiredString("Plan"), PlanJson) ?? throw new InvalidOperationException($"Plan version {entity.RowKey} of program {entity.PartitionKey} is empty."),
        entity.RequiredTime("EffectiveFrom"),
        entity.RequiredString("ChangedBy"));
}
