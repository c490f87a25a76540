using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Storage.Programs;

/// <summary>
/// Programs in the <c>Programs</c> table, one row per program (PartitionKey = program id, RowKey empty).
/// Programs change rarely (settings, archiving), so a program found is cached for a minute: a change
/// made here is seen at once, one made by another instance within that minute. Misses are not cached,
/// so a program created by another instance is found on the next read.
/// </summary>
public sealed class TableProgramStore(StorageAccount account) : IProgramStore, IProgramCatalog, IProgramEditor
{
    private static readonly long CacheLifetimeMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private readonly TableClient _table = account.GetTableClient("Programs");
    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentDictionary<string, CachedProgram> _cache = new(StringComparer.Ordinal);

    public async Task CreateAsync(ReferralProgram program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        TableKeys.Require(program.Id, nameof(program));
        try
        {
            await _table.AddEntityAsync(ToEntity(program), cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            throw new InvalidOperationException($"Program {program.Id} already exists.", exception);
        }

        _cache[program.Id] = new CachedProgram(program, Environment.TickCount64);
    }

    public async Task<ReferralProgram?> GetAsync(string programId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        if (_cache.TryGetValue(programId, out var cached) && Environment.TickCount64 - cached.LoadedAt < CacheLifetimeMs)
        {
            return cached.Program;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var program = FromEntity(response.Value!);
        _cache[programId] = new CachedProgram(program, Environment.TickCount64);
        return program;
    }

    public async Task<ListPage<ReferralProgram>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var programs = new List<ReferralProgram>();
        if (after is not null && !TableKeys.IsValid(after))
        {
            return new ListPage<ReferralProgram>(programs, null);
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {after ?? string.Empty}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            programs.Add(FromEntity(entity));
            if (programs.Count == limit)
            {
                break;
            }
        }

        return new ListPage<ReferralProgram>(programs, programs.Count == limit ? programs[^1].Id : null);
    }

    public async Task<(ReferralProgram Before, ReferralProgram After)?> UpdateAsync(
        string programId, Func<ReferralProgram, ReferralProgram> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        while (true)
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, string.Empty, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var stored = response.Value!;
            var before = FromEntity(stored);
            var after = change(before) with { Id = before.Id, CreatedAt = before.CreatedAt };
            try
            {
                await _table.UpdateEntityAsync(ToEntity(after), stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                continue;
            }

            _cache[programId] = new CachedProgram(after, Environment.TickCount64);
            return (before, after);
        }
    }

    public async IAsyncEnumerable<ReferralProgram> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var program = FromEntity(entity);
            _cache[program.Id] = new CachedProgram(program, Environment.TickCount64);
            yield return program;
        }
    }

    private static TableEntity ToEntity(ReferralProgram program) =>
        new TableEntity(program.Id, string.Empty)
            .With("Name", program.Name)
            .With("Currency", program.Currency)
            .With("AllowedHosts", JsonSerializer.Serialize(program.AllowedHosts))
            .With("CookieDays", program.CookieDays)
            .With("PlanKind", program.Plan.Kind.ToString())
            .With("PlanPercent", program.Plan.Percent.ToStored())
            .With("PlanAmount", program.Plan.Amount)
            .With("Plan", JsonSerializer.Serialize(program.Plan, PlanJson))
            .With("TrackingMode", program.TrackingMode.ToString())
            .With("AttributionModel", program.AttributionModel.ToString())
            .With("CreatedAt", program.CreatedAt)
            .With("HoldDays", program.PayoutSettings?.HoldDays)
            .With("MinimumPayout", program.PayoutSettings?.MinimumPayout)
            .With("PayoutSchedule", program.PayoutSettings?.Schedule.ToString())
            .With("ApprovalDays", program.PayoutSettings?.ApprovalDays)
            .With("ReminderBeforeHours", program.PayoutSettings?.ReminderBeforeHours)
            .With("TimeZone", program.PayoutSettings?.TimeZone)
            .With("ArchivedAt", program.ArchivedAt);

    private static ReferralProgram FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("Name"),
        entity.RequiredString("Currency"),
        JsonSerializer.Deserialize<string[]>(entity.RequiredString("AllowedHosts")) ?? [],
        entity.RequiredInt("CookieDays"),
        PlanOf(entity),
        entity.RequiredEnum<TrackingMode>("TrackingMode"),
        entity.RequiredEnum<AttributionModel>("AttributionModel"),
        entity.RequiredTime("CreatedAt"),
        PayoutSettingsOf(entity),
        entity.GetDateTimeOffset("ArchivedAt"));

    // The whole plan is kept as JSON; programs stored before that have only the kind, percent and amount columns.
    private static CommissionPlan PlanOf(TableEntity entity) =>
        entity.GetString("Plan") is { } json
            ? JsonSerializer.Deserialize<CommissionPlan>(json, PlanJson) ?? throw new InvalidOperationException($"Program {entity.PartitionKey} has an empty plan.")
            : new CommissionPlan(
                entity.RequiredEnum<CommissionPlanKind>("PlanKind"),
                entity.OptionalDecimal("PlanPercent"),
                entity.GetInt64("PlanAmount"));

    // Programs stored without payout settings have none of these properties: null, read as the defaults.
    private static PayoutSettings? PayoutSettingsOf(TableEntity entity)
    {
        if (entity.GetInt32("HoldDays") is null)
        {
            return null;
        }

        var defaults = PayoutSettings.Default;
        return new PayoutSettings(
            entity.GetInt32("HoldDays") ?? defaults.HoldDays,
            entity.GetInt64("MinimumPayout") ?? defaults.MinimumPayout,
            entity.OptionalEnum<PayoutSchedule>("PayoutSchedule") ?? defaults.Schedule,
            entity.GetInt32("ApprovalDays") ?? defaults.ApprovalDays,
            entity.GetInt32("ReminderBeforeHours") ?? defaults.ReminderBeforeHours,
            entity.GetString("TimeZone") ?? defaults.TimeZone);
    }

    private sealed record CachedProgram(ReferralProgram Program, long LoadedAt);
}
