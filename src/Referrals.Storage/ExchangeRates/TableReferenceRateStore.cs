using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.ExchangeRates;

namespace Referrals.Storage.ExchangeRates;

/// <summary>
/// Reference rates in the <c>ExchangeRates</c> table: PartitionKey = the day (<c>yyyy-MM-dd</c>), RowKey =
/// the source (<c>ECB</c>), one property per currency holding how many units one euro buys (an invariant
/// decimal string: tables have no decimal type and a double would round).
/// </summary>
/// <remarks>
/// One partition per day, one entity per day's publication: a day is written in one operation, so a
/// reader never sees half a day, and the days before a date are one range query over at most eleven
/// small partitions (keys in <c>yyyy-MM-dd</c> order sort as dates).
/// </remarks>
public sealed class TableReferenceRateStore(StorageAccount account) : IReferenceRateStore
{
    private readonly TableClient _table = account.GetTableClient("ExchangeRates");

    public async Task SaveAsync(ReferenceRates rates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rates);
        await _table.UpsertEntityAsync(ToEntity(rates), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> TryAddAsync(ReferenceRates rates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rates);
        try
        {
            await _table.AddEntityAsync(ToEntity(rates), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ReferenceRates>> ListAsync(string source, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var found = new List<ReferenceRates>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Key(from)} and PartitionKey le {Key(to)} and RowKey eq {source}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return [.. found.OrderBy(rates => rates.Day)];
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(ReferenceRates rates)
    {
        var entity = new TableEntity(Key(rates.Day), TableKeys.Require(rates.Source, nameof(rates)));
        foreach (var (currency, perEuro) in rates.PerEuro)
        {
            if (Core.Currency.IsKnown(currency))
            {
                entity[currency] = perEuro.ToString(CultureInfo.InvariantCulture);
            }
        }

        return entity;
    }

    private static ReferenceRates FromEntity(TableEntity entity)
    {
        var perEuro = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            if (Core.Currency.IsKnown(name) && value is string text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate))
            {
                perEuro[name] = rate;
            }
        }

        return new ReferenceRates(DateOnly.ParseExact(entity.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture), entity.RowKey, perEuro);
    }
}
