using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Referrals.Storage.Events;

/// <summary>
/// The <c>DeadLetters</c> table: one row per message moved to a poison queue, PartitionKey = the program
/// its event names, RowKey = failure time (UTC ticks) and poison message id, so a program's dead letters
/// read oldest first, page by page, however many there are (a queue peek shows only 32). The row keeps
/// the event, the error and the poison message's receipt, so a retry needs no scan of the queue.
/// </summary>
public sealed class DeadLetterLog(StorageAccount account)
{
    /// <summary>Where dead letters whose event names no program are kept; never listed for a program.</summary>
    public const string NoProgram = "~none";

    private readonly TableClient _table = account.GetTableClient("DeadLetters");

    /// <summary>Records a message just sent to the poison queue as <paramref name="poisonMessageId"/>.</summary>
    public async Task<DeadLetter> RecordAsync(
        string topic, string message, string error, DateTimeOffset failedAt, long dequeueCount, string poisonMessageId, string popReceipt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(poisonMessageId);
        var programId = ProgramIdOf(message);
        var id = failedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + poisonMessageId;
        await _table.UpsertEntityAsync(
            new TableEntity(programId is not null && TableKeys.IsValid(programId) ? programId : NoProgram, TableKeys.Require(id, nameof(poisonMessageId)))
                .With("Topic", topic)
                .With("Message", Encoding.UTF8.GetBytes(message))
                .With("Error", error)
                .With("FailedAt", failedAt)
                .With("DequeueCount", dequeueCount)
                .With("PoisonMessageId", poisonMessageId)
                .With("PopReceipt", popReceipt),
            TableUpdateMode.Replace,
            cancellationToken);
        return new DeadLetter(id, topic, message, error, failedAt, dequeueCount, programId);
    }

    /// <summary>Up to <paramref name="limit"/> of the program's dead letters after <paramref name="after"/> (an id), oldest first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!TableKeys.IsValid(programId) || programId == NoProgram || (after is not null && !TableKeys.IsValid(after)))
        {
            return [];
        }

        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {programId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after}");
        var letters = new List<DeadLetter>(limit);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            letters.Add(Read(entity));
            if (letters.Count == limit)
            {
                break;
            }
        }

        return letters;
    }

    public async Task<(DeadLetter Letter, string PoisonMessageId, string PopReceipt)?> FindAsync(string programId, string id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(id) || programId == NoProgram)
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity
            ? (Read(entity), entity.RequiredString("PoisonMessageId"), entity.RequiredString("PopReceipt"))
            : null;
    }

    public async Task RemoveAsync(string programId, string id, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(programId, id, ETag.All, cancellationToken);

    private static DeadLetter Read(TableEntity entity) => new(
        entity.RowKey,
        entity.RequiredString("Topic"),
        Encoding.UTF8.GetString(entity.GetBinary("Message") ?? []),
        entity.GetString("Error") ?? string.Empty,
        entity.RequiredTime("FailedAt"),
        entity.GetInt64("DequeueCount") ?? 0,
        entity.PartitionKey == NoProgram ? null : entity.PartitionKey);

    /// <summary>The program an event names (its <c>programId</c>), or null for a body that names none.</summary>
    public static string? ProgramIdOf(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("programId", out var programId) && programId.ValueKind == JsonValueKind.String
                ? programId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
