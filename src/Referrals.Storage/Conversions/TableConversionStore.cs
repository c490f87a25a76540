using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;

namespace Referrals.Storage.Conversions;

/// <summary>
/// Conversions in the <c>Conversions</c> table: PartitionKey = program id, RowKey = conversion id (derived
/// from the source event, so inserting is the duplicate check). The attribution decision is flattened
/// into <c>Attribution*</c> properties. Payments (sales, renewals) are also findable by the provider's
/// payment reference through the <c>Payments</c> table: PartitionKey = program id, RowKey = a hash of
/// source and reference, <c>ConversionId</c> = the conversion; or, for another id of the same payment (an
/// alias), <c>LinkedReference</c> = the reference it stands for, followed once when found. A customer's sales
/// are listed through the <c>CustomerSales</c> table: PartitionKey = program id, RowKey = a hash of the
/// customer id + <c>_</c> + conversion id, so one range query finds them.
/// </summary>
/// <remarks>
/// The index row is written after the conversion, insert-if-absent (the first payment to claim a
/// reference keeps it). A crash between the two writes means the provider got no answer and retries;
/// the retry is a duplicate, and a duplicate writes the index row again, so the gap heals.
/// </remarks>
public sealed class TableConversionStore(StorageAccount account) : IConversionStore, IUnattributedConversions, IConversionListing
{
    // A page whose filter matches few conversions stops after this many rows and hands out where it stopped.
    private const int MaxScannedPerPage = 1000;

    public async Task<ListPage<Conversion>> ListAsync(string programId, ConversionFilter filter, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var found = new List<Conversion>();
        if (!TableKeys.IsValid(programId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<Conversion>(found, null);
        }

        // Time, source and partner are filtered by the table service; the attribution status here.
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after ?? string.Empty}");
        if (filter.From is { } from)
        {
            query += " and " + TableClient.CreateQueryFilter($"OccurredAt ge {from}");
        }

        if (filter.To is { } to)
        {
            query += " and " + TableClient.CreateQueryFilter($"OccurredAt lt {to}");
        }

        if (filter.Source is { } source)
        {
            query += " and " + TableClient.CreateQueryFilter($"Source eq {source}");
        }

        if (filter.PartnerId is { } partnerId)
        {
            query += " and " + TableClient.CreateQueryFilter($"AttributedPartnerId eq {partnerId}");
        }

        var scanned = 0;
        await foreach (var entity in _table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(MaxScannedPerPage, Math.Max(limit, 100)), cancellationToken: cancellationToken))
        {
            scanned++;
            var conversion = FromEntity(entity);
            if (filter.Matches(conversion))
            {
                found.Add(conversion);
            }

            if (found.Count == limit || scanned == MaxScannedPerPage)
            {
                return new ListPage<Conversion>(found, entity.RowKey);
            }
        }

        return new ListPage<Conversion>(found, null);
    }

    private readonly TableClient _table = account.GetTableClient("Conversions");
    private readonly TableClient _payments = account.GetTableClient("Payments");
    private readonly TableClient _customerSales = account.GetTableClient("CustomerSales");

    public async Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        bool created;
        try
        {
            await _table.AddEntityAsync(ToEntity(conversion), cancellationToken);
            created = true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            created = false;
        }

        if (conversion.Type.IsPayment() && conversion.PaymentReference is { } reference)
        {
            await IndexPaymentAsync(conversion, reference, cancellationToken);
        }

        if (conversion.Type == ConversionType.Sale && conversion.CustomerId.Length > 0)
        {
            await IndexSaleAsync(conversion, cancellationToken);
        }

        return created;
    }

    public async Task LinkPaymentAsync(string programId, string source, string alias, string paymentReference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        ArgumentException.ThrowIfNullOrEmpty(paymentReference);
        var row = new TableEntity(TableKeys.Require(programId, nameof(programId)), PaymentKey(source, alias))
            .With("Source", source)
            .With("PaymentReference", alias)
            .With("LinkedReference", paymentReference);
        try
        {
            await _payments.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            // Claimed already: by this link (a repeat), or by a payment recorded under that id.
        }
    }

    public async Task<IReadOnlyList<Conversion>> ListSalesOfCustomerAsync(string programId, string customerId, int max, CancellationToken cancellationToken)
    {
        var found = new List<Conversion>();
        if (!TableKeys.IsValid(programId) || string.IsNullOrEmpty(customerId) || max < 1)
        {
            return found;
        }

        var prefix = CustomerPrefix(customerId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        await foreach (var row in _customerSales.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            if (await GetAsync(programId, row.RequiredString("ConversionId"), cancellationToken) is { } sale)
            {
                found.Add(sale);
            }

            if (found.Count >= max)
            {
                break;
            }
        }

        return found;
    }

    public async Task<Conversion?> FindByPaymentReferenceAsync(string programId, string source, string paymentReference, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        var index = await _payments.GetEntityIfExistsAsync<TableEntity>(programId, PaymentKey(source, paymentReference), cancellationToken: cancellationToken);
        if (index.HasValue && index.Value!.GetString("LinkedReference") is { } linked)
        {
            // One hop only: a link names a payment's own reference, never another link.
            index = await _payments.GetEntityIfExistsAsync<TableEntity>(programId, PaymentKey(source, linked), cancellationToken: cancellationToken);
        }

        return index.HasValue && index.Value!.GetString("ConversionId") is { } conversionId ? await GetAsync(programId, conversionId, cancellationToken) : null;
    }

    public async Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(conversionId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, conversionId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task SaveAttributionAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversion);

        // Unconditional: the attribution worker is the only writer after creation, and a replayed
        // message writes the same decision again.
        await _table.UpdateEntityAsync(ToEntity(conversion), ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <remarks>A filtered query of the program's partition: the manager's page reads it, bounded by <paramref name="since"/> and <paramref name="max"/>.</remarks>
    public async Task<IReadOnlyList<Conversion>> ListUnattributedAsync(string programId, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var found = new List<Conversion>();
        if (!TableKeys.IsValid(programId))
        {
            return found;
        }

        var method = nameof(AttributionMethod.Unattributed);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and AttributionMethod eq {method} and ReceivedAt ge {since}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return [.. found.OrderByDescending(conversion => conversion.ReceivedAt).Take(max)];
    }

    private async Task IndexPaymentAsync(Conversion conversion, string reference, CancellationToken cancellationToken)
    {
        var row = new TableEntity(conversion.ProgramId, PaymentKey(conversion.Source, reference))
            .With("Source", conversion.Source)
            .With("PaymentReference", reference)
            .With("ConversionId", conversion.Id);
        try
        {
            await _payments.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            // Already indexed: by this conversion (a duplicate) or by an earlier payment with the same reference.
        }
    }

    private async Task IndexSaleAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        var row = new TableEntity(conversion.ProgramId, CustomerPrefix(conversion.CustomerId) + conversion.Id)
            .With("ConversionId", conversion.Id)
            .With("OccurredAt", conversion.OccurredAt);
        try
        {
            await _customerSales.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            // Indexed already: a duplicate report of the same sale.
        }
    }

    private static string CustomerPrefix(string customerId) => Identifiers.Stable("cus", customerId) + "_";

    // References are the provider's strings (any characters); the hash keeps the key valid and fixed in length.
    private static string PaymentKey(string source, string reference) => Identifiers.Stable("pay", source, reference);

    private static TableEntity ToEntity(Conversion conversion)
    {
        var entity = new TableEntity(
                TableKeys.Require(conversion.ProgramId, nameof(conversion)),
                TableKeys.Require(conversion.Id, nameof(conversion)))
            .With("Source", conversion.Source)
            .With("EventId", conversion.EventId)
            .With("Type", conversion.Type.ToString())
            .With("Amount", conversion.Amount.Amount)
            .With("Currency", conversion.Amount.Currency)
            .With("CustomerId", conversion.CustomerId)
            .With("ClickId", conversion.ClickId)
            .With("Code", conversion.Code)
            .With("ProductId", conversion.ProductId)
            .With("OccurredAt", conversion.OccurredAt)
            .With("ReceivedAt", conversion.ReceivedAt)
            .With("CommissionId", conversion.CommissionId)
            .With("PaymentReference", conversion.PaymentReference)
            .With("OriginalPaymentReference", conversion.OriginalPaymentReference)
            .With("PaidAmount", conversion.PaidAmount)
            .With("RefundedTotal", conversion.RefundedTotal)
            .With("CustomerEmailHash", conversion.CustomerEmailHash)
            .With("CustomerIpHash", conversion.CustomerIpHash);
        if (conversion.Exchange is { } exchange)
        {
            entity
                .With("OriginalAmount", exchange.Original.Amount)
                .With("OriginalCurrency", exchange.Original.Currency)
                .With("ExchangeRate", ((decimal?)exchange.Rate).ToStored())
                .With("RateDay", exchange.RateDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .With("RateSource", exchange.Source)
                .With("RateWantedFor", exchange.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (conversion.Attribution is { } decision)
        {
            entity
                .With("AttributionMethod", decision.Method.ToString())
                .With("AttributedPartnerId", decision.PartnerId)
                .With("AttributedClickId", decision.ClickId)
                .With("AttributionReason", decision.Reason)
                .With("AttributedAt", decision.DecidedAt)
                .With("AttributionFlag", decision.Flag);
        }

        return entity;
    }

    private static Conversion FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.PartitionKey,
        entity.RequiredString("Source"),
        entity.RequiredString("EventId"),
        entity.RequiredEnum<ConversionType>("Type"),
        new Money(entity.RequiredLong("Amount"), entity.RequiredString("Currency")),
        entity.RequiredString("CustomerId"),
        entity.GetString("ClickId"),
        entity.GetString("Code"),
        entity.GetString("ProductId"),
        entity.RequiredTime("OccurredAt"),
        entity.RequiredTime("ReceivedAt"),
        entity.OptionalEnum<AttributionMethod>("AttributionMethod") is { } method
            ? new AttributionDecision(
                method,
                entity.GetString("AttributedPartnerId"),
                entity.GetString("AttributedClickId"),
                entity.RequiredString("AttributionReason"),
                entity.RequiredTime("AttributedAt"),
                entity.GetString("AttributionFlag"))
            : null,
        entity.GetString("CommissionId"),
        entity.GetString("PaymentReference"),
        entity.GetString("OriginalPaymentReference"),
        entity.GetInt64("PaidAmount"),
        entity.GetInt64("RefundedTotal"),
        entity.GetString("CustomerEmailHash"),
        entity.GetString("CustomerIpHash"),
        ExchangeOf(entity));

    // Conversions stored before currencies were converted have none of these properties: they read as unconverted.
    private static CurrencyExchange? ExchangeOf(TableEntity entity) =>
        entity.GetInt64("OriginalAmount") is { } amount && entity.OptionalDecimal("ExchangeRate") is { } rate
            ? new CurrencyExchange(
                new Money(amount, entity.RequiredString("OriginalCurrency")),
                rate,
                Day(entity.RequiredString("RateDay")),
                entity.RequiredString("RateSource"),
                Day(entity.RequiredString("RateWantedFor")))
            : null;

    private static DateOnly Day(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
