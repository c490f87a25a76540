using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Storage.Groups;

/// <summary>
/// Partners' own plans in <c>PartnerPlans</c> (partner id / zero-padded version): a partner's history is one
/// partition query, read with its group moves on every attribution, and a version is taken by
/// insert-if-absent. A program's overrides (for a period's close) are one filtered read of the table. A row without <c>Plan</c> ends the override.
/// </summary>
public sealed class TablePartnerPlans(StorageAccount account) : IPartnerPlans
{
    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TableClient _plans = account.GetTableClient("PartnerPlans");

    public async Task<IReadOnlyList<PartnerPlanVersion>> ListAsync(string partnerId, CancellationToken cancellationToken)
    {
        var versions = new List<PartnerPlanVersion>();
        if (!TableKeys.IsValid(partnerId))
        {
            return versions;
        }

        await foreach (var entity in _plans.QueryAsync<TableEntity>(row => row.PartitionKey == partnerId, cancellationToken: cancellationToken))
        {
            versions.Add(VersionOf(entity));
        }

        return versions;
    }

    public async Task<IReadOnlyList<PartnerPlanVersion>> ListForProgramAsync(string programId, CancellationToken cancellationToken)
    {
        var versions = new List<PartnerPlanVersion>();
        if (!TableKeys.IsValid(programId))
        {
            return versions;
        }

        // A filter on a property reads the whole table: it holds only the partners with a plan of their own.
        await foreach (var entity in _plans.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ProgramId eq {programId}"), cancellationToken: cancellationToken))
        {
            versions.Add(VersionOf(entity));
        }

        return versions;
    }

    public async Task<PartnerPlanVersion> AddAsync(
        string programId, string partnerId, CommissionPlan? plan, DateTimeOffset effectiveFrom, string changedBy, CancellationToken cancellationToken)
    {
        TableKeys.Require(programId, nameof(programId));
        TableKeys.Require(partnerId, nameof(partnerId));
        while (true)
        {
            var last = (await ListAsync(partnerId, cancellationToken)).Select(version => version.Version).DefaultIfEmpty(0).Max();
            var added = new PartnerPlanVersion(programId, partnerId, last + 1, plan is null ? null : plan with { Version = last + 1 }, effectiveFrom, changedBy);
            try
            {
                await _plans.AddEntityAsync(ToEntity(added), cancellationToken);
                return added;
            }
            catch (RequestFailedException exception) when (exception.IsConflict())
            {
                // Another change took this version number first: take the next one.
            }
        }
    }

    private static TableEntity ToEntity(PartnerPlanVersion version) =>
        new TableEntity(version.PartnerId, $"{version.Version:D6}")
            .With("ProgramId", version.ProgramId)
            .With("Version", version.Version)
            .With("Plan", version.Plan is null ? null : JsonSerializer.Serialize(version.Plan, PlanJson))
            .With("EffectiveFrom", version.EffectiveFrom)
            .With("ChangedBy", version.ChangedBy);

    private static PartnerPlanVersion VersionOf(TableEntity entity) => new(
        entity.RequiredString("ProgramId"),
        entity.PartitionKey,
        entity.RequiredInt("Version"),
        entity.GetString("Plan") is { Length: > 0 } plan ? JsonSerializer.Deserialize<CommissionPlan>(plan, PlanJson) : null,
        entity.RequiredTime("EffectiveFrom"),
        entity.RequiredString("ChangedBy"));
}
