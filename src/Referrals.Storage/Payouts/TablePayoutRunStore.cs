using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Payouts;

namespace Referrals.Storage.Payouts;

/// <summary>
/// Payout runs and what belongs to them:
/// <c>PayoutRuns</c> (PartitionKey = program id, RowKey = run id; the row <c>!claim</c> names the run
/// that holds the program), <c>PayoutLines</c> (run id / partner id), <c>PayoutAudit</c> (run id /
/// transition number), <c>PayoutBalances</c> (program id / partner id: the balance carried after the
/// last run) and <c>DecisionLinkUses</c> (run id / fingerprint of a used decision link).
/// </summary>
public sealed class TablePayoutRunStore(StorageAccount account) : IPayoutRunStore
{
    private const string ClaimKey = "!claim";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private readonly TableClient _runs = account.GetTableClient("PayoutRuns");
    private readonly TableClient _lines = account.GetTableClient("PayoutLines");
    private readonly TableClient _audit = account.GetTableClient("PayoutAudit");
    private readonly TableClient _balances = account.GetTableClient("PayoutBalances");
    private readonly TableClient _linkUses = account.GetTableClient("DecisionLinkUses");

    public async Task<bool> TryCreateAsync(PayoutRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await _runs.AddEntityAsync(ToEntity(run), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<(PayoutRun Run, string Version)?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(runId) || PayoutRun.ProgramIdOf(runId) is not { } programId || !TableKeys.IsValid(programId))
        {
            return null;
        }

        var response = await _runs.GetEntityIfExistsAsync<TableEntity>(programId, runId, cancellationToken: cancellationToken);
        return response.HasValue ? (FromEntity(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryUpdateAsync(PayoutRun run, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await _runs.UpdateEntityAsync(ToEntity(run), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PayoutRun>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        var runs = new List<PayoutRun>();
        if (!TableKeys.IsValid(programId))
        {
            return runs;
        }

        await foreach (var entity in _runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ne {ClaimKey}"), cancellationToken: cancellationToken))
        {
            runs.Add(FromEntity(entity));
        }

        return runs;
    }

    public async IAsyncEnumerable<PayoutRun> ListOpenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Finished eq {false}"), cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task AuditAsync(PayoutRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var actions = run.Timeline.Select((transition, index) => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(run.Id, index.ToString("D4", CultureInfo.InvariantCulture))
                .With("ProgramId", run.ProgramId)
                .With("Event", transition.Event)
                .With("From", transition.From?.ToString())
                .With("To", transition.To.ToString())
                .With("At", transition.At)
                .With("Actor", transition.Actor)
                .With("Reason", transition.Reason)))
            .ToList();
        foreach (var chunk in actions.Chunk(100))
        {
            await _audit.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    public async Task SaveLinesAsync(string runId, IEnumerable<PayoutLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        TableKeys.Require(runId, nameof(runId));
        var pending = new List<Task>();
        foreach (var chunk in lines.Select(line => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(line))).Chunk(100))
        {
            pending.Add(_lines.SubmitTransactionAsync(chunk, cancellationToken));
            if (pending.Count == 8)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    public async IAsyncEnumerable<PayoutLine> StreamLinesAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(runId))
        {
            yield break;
        }

        await foreach (var entity in _lines.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {runId}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromLineEntity(entity);
        }
    }

    public async Task<PayoutLine?> GetLineAsync(string runId, string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(runId) || !TableKeys.IsValid(partnerId))
        {
            return null;
        }

        var response = await _lines.GetEntityIfExistsAsync<TableEntity>(runId, partnerId, cancellationToken: cancellationToken);
        return response.HasValue ? FromLineEntity(response.Value!) : null;
    }

    public async Task SaveBalancesAsync(string programId, string runId, IEnumerable<(string PartnerId, long Amount)> balances, string currency, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(balances);
        TableKeys.Require(programId, nameof(programId));
        foreach (var chunk in balances.Chunk(100))
        {
            await _balances.SubmitTransactionAsync(
                chunk.Select(balance => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(programId, balance.PartnerId)
                        .With("Amount", balance.Amount)
                        .With("Currency", currency)
                        .With("RunId", runId)
                        .With("UpdatedAt", at))),
                cancellationToken);
        }
    }

    /// <summary>A partner's carried balance after the program's last settled run, or null when there is none.</summary>
    public async Task<long?> GetBalanceAsync(string programId, string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(partnerId))
        {
            return null;
        }

        var response = await _balances.GetEntityIfExistsAsync<TableEntity>(programId, partnerId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetInt64("Amount") : null;
    }

    public async Task<bool> TryClaimAsync(string programId, string runId, string? replacing, CancellationToken cancellationToken)
    {
        TableKeys.Require(programId, nameof(programId));
        var claim = new TableEntity(programId, ClaimKey).With("RunId", runId);
        try
        {
            if (replacing is null)
            {
                await _runs.AddEntityAsync(claim, cancellationToken);
                return true;
            }

            var current = await _runs.GetEntityIfExistsAsync<TableEntity>(programId, ClaimKey, cancellationToken: cancellationToken);
            if (!current.HasValue || current.Value!.GetString("RunId") != replacing)
            {
                return false;
            }

            await _runs.UpdateEntityAsync(claim, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412 or 404)
        {
            return await GetClaimAsync(programId, cancellationToken) == runId;
        }
    }

    public async Task<string?> GetClaimAsync(string programId, CancellationToken cancellationToken)
    {
        var response = await _runs.GetEntityIfExistsAsync<TableEntity>(programId, ClaimKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("RunId") : null;
    }

    public async Task ReleaseClaimAsync(string programId, string runId, CancellationToken cancellationToken)
    {
        var response = await _runs.GetEntityIfExistsAsync<TableEntity>(programId, ClaimKey, cancellationToken: cancellationToken);
        if (response.HasValue && response.Value!.GetString("RunId") == runId)
        {
            try
            {
                await _runs.DeleteEntityAsync(programId, ClaimKey, response.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                // Someone else took it over or removed it already.
            }
        }
    }

    public async Task<bool> TryUseDecisionLinkAsync(string runId, string fingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _linkUses.AddEntityAsync(new TableEntity(TableKeys.Require(runId, nameof(runId)), TableKeys.Require(fingerprint, nameof(fingerprint))).With("UsedAt", at), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    private static TableEntity ToEntity(PayoutRun run) =>
        new TableEntity(TableKeys.Require(run.ProgramId, nameof(run)), TableKeys.Require(run.Id, nameof(run)))
            .With("PeriodKey", run.PeriodKey)
            .With("PeriodStart", run.PeriodStart)
            .With("PeriodEnd", run.PeriodEnd)
            .With("Cutoff", run.Cutoff)
            .With("Currency", run.Currency)
            .With("State", run.State.ToString())
            .With("CreatedAt", run.CreatedAt)
            .With("PreviousCutoff", run.PreviousCutoff)
            .With("CalculatedAt", run.CalculatedAt)
            .With("Deadline", run.Deadline)
            .With("ReminderAt", run.ReminderAt)
            .With("RemindedAt", run.RemindedAt)
            .With("Totals", run.Totals is null ? null : JsonSerializer.Serialize(run.Totals, Json))
            .With("Settled", run.Settled)
            .With("Finished", run.IsFinished)
            .With("Held", run.Held is null ? null : JsonSerializer.Serialize(run.Held, Json))
            .With("ClosesTiers", run.ClosesTiers)
            .With("TiersClosedAt", run.TiersClosedAt)
            .With("Timeline", JsonSerializer.Serialize(run.Timeline, Json));

    private static PayoutRun FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.PartitionKey,
        entity.RequiredString("PeriodKey"),
        entity.RequiredTime("PeriodStart"),
        entity.RequiredTime("PeriodEnd"),
        entity.RequiredTime("Cutoff"),
        entity.RequiredString("Currency"),
        entity.RequiredEnum<PayoutRunState>("State"),
        entity.RequiredTime("CreatedAt"),
        JsonSerializer.Deserialize<PayoutTransition[]>(entity.RequiredString("Timeline"), Json) ?? [],
        entity.GetDateTimeOffset("PreviousCutoff"),
        entity.GetDateTimeOffset("CalculatedAt"),
        entity.GetDateTimeOffset("Deadline"),
        entity.GetDateTimeOffset("ReminderAt"),
        entity.GetDateTimeOffset("RemindedAt"),
        entity.GetString("Totals") is { } totals ? JsonSerializer.Deserialize<PayoutTotals>(totals, Json) : null,
        entity.GetBoolean("Settled") ?? false,
        entity.GetString("Held") is { } held ? JsonSerializer.Deserialize<Dictionary<string, string>>(held, Json) : null,
        entity.GetBoolean("ClosesTiers") ?? false,
        entity.GetDateTimeOffset("TiersClosedAt"));

    private static TableEntity ToEntity(PayoutLine line) =>
        new TableEntity(line.RunId, TableKeys.Require(line.PartnerId, nameof(line)))
            .With("Currency", line.Currency)
            .With("CarriedIn", line.CarriedIn)
            .With("Earned", line.Earned)
            .With("Reversals", line.Reversals)
            .With("Amount", line.Amount)
            .With("Commissions", line.Commissions)
            .With("Status", line.Status.ToString())
            .With("Note", line.Note)
            .With("HoldReason", line.HoldReason);

    private static PayoutLine FromLineEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.RequiredString("Currency"),
        entity.RequiredLong("CarriedIn"),
        entity.RequiredLong("Earned"),
        entity.RequiredLong("Reversals"),
        entity.RequiredLong("Amount"),
        entity.RequiredInt("Commissions"),
        entity.RequiredEnum<PayoutLineStatus>("Status"),
        entity.RequiredString("Note"),
        entity.GetString("HoldReason"));
}
