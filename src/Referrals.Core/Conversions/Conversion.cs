using Referrals.Core.Attribution;
using Referrals.Core.ExchangeRates;

namespace Referrals.Core.Conversions;

/// <summary>
/// A lead, sale, renewal, refund, chargeback or reinstatement reported by a shop or payment provider.
/// Its id is derived from the program, the source and the source's event id, so the same event
/// reported twice is the same conversion. <see cref="Attribution"/> is empty until the attribution
/// worker has decided.
/// </summary>
/// <remarks>
/// <see cref="PaymentReference"/> names the money this conversion is (a payment, or a dispute);
/// <see cref="OriginalPaymentReference"/> names, for a refund, chargeback or reinstatement, the payment
/// it changes. Both are looked up within the same source. <see cref="Amount"/> is the commission base
/// (tax excluded); <see cref="PaidAmount"/> is what the buyer paid when that differs, so that refunds,
/// which providers report as paid money, are a share of it. <see cref="CustomerEmailHash"/> and
/// <see cref="CustomerIpHash"/> are the buyer's e-mail and IP address as keyed hashes (never stored
/// as written), for registered leads and fraud checks. A conversion reported in another currency than
/// its program's is stored converted: <see cref="Amount"/> is in the program's currency and
/// <see cref="Exchange"/> keeps the reported amount and the rate; <see cref="PaidAmount"/> and
/// <see cref="RefundedTotal"/> stay in the reported currency, as providers report them.
/// </remarks>
public sealed record Conversion(
    string Id,
    string ProgramId,
    string Source,
    string EventId,
    ConversionType Type,
    Money Amount,
    string CustomerId,
    string? ClickId,
    string? Code,
    string? ProductId,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    AttributionDecision? Attribution = null,
    string? CommissionId = null,
    string? PaymentReference = null,
    string? OriginalPaymentReference = null,
    long? PaidAmount = null,
    long? RefundedTotal = null,
    string? CustomerEmailHash = null,
    string? CustomerIpHash = null,
    CurrencyExchange? Exchange = null)
{
    /// <summary>The money as the shop or provider reported it: the original amount when it was converted.</summary>
    public Money Reported => Exchange?.Original ?? Amount;

    /// <summary>What the buyer paid for this payment, in the reported currency: the whole a refund is a share of.</summary>
    public long Paid => PaidAmount ?? Reported.Amount;

    /// <summary>This conversion's reported money converted to <paramref name="currency"/> by <paramref name="exchange"/> (whose original is <see cref="Reported"/>).</summary>
    public Conversion ConvertedBy(CurrencyExchange exchange, string currency)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return this with { Amount = exchange.Convert(exchange.Original.Amount, currency), Exchange = exchange };
    }

    public static string IdFor(string programId, string source, string eventId) =>
        Identifiers.Stable("cv", programId, source, eventId);
}
