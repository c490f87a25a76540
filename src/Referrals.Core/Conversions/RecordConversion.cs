using System.Net;
using Referrals.Core.Leads;
using Referrals.Core.Tracking;
using Referrals.Core.Events;
using Referrals.Core.ExchangeRates;
using Referrals.Core.Programs;

namespace Referrals.Core.Conversions;

/// <summary>
/// Takes in a conversion exactly once. The conversion's id comes from its source event id, so storing
/// it is itself the idempotency check: a second report of the same event stores nothing. The event
/// is published after the store; if a crash came in between, the duplicate report publishes it again
/// (attribution is idempotent), so a retried event is never stuck unattributed.
/// </summary>
/// <remarks>
/// The buyer's e-mail and IP address, when given, are hashed here with the same keyed hash as visitors'
/// IPs (so a conversion can be matched to a click's visitor and to a registered lead) and the raw values
/// are dropped; without a <see cref="VisitorHasher"/> they are dropped unhashed.
/// <para>
/// Money in another currency than the program's is converted here, once, at the reference rate of the
/// day the conversion occurred (UTC), or the latest earlier one (<see cref="IExchangeRates"/>); the
/// conversion keeps the reported amount and the rate. A refund or chargeback of a payment already
/// recorded converts at that payment's rate, so a full refund nets to zero; one that arrives before its
/// payment converts at its own day's rate until attribution moves it to the payment's. With no rate,
/// nothing is stored (<see cref="RecordConversionOutcome.NoExchangeRate"/>).
/// </para>
/// </remarks>
public sealed class RecordConversion(IProgramStore programs, IConversionStore conversions, IEventPublisher events, TimeProvider time, VisitorHasher? hasher = null, IExchangeRates? rates = null)
{
    /// <summary>The source name of conversions reported through the server-to-server API.</summary>
    public const string ApiSource = "api";

    public Task<RecordConversionOutcome> ExecuteAsync(string programId, string source, ConversionDraft draft, CancellationToken cancellationToken) =>
        ExecuteAsync(programId, source, draft, payment: null, cancellationToken);

    /// <summary>Takes in a conversion with the provider's <paramref name="payment"/> references (a webhook's mapping).</summary>
    public async Task<RecordConversionOutcome> ExecuteAsync(string programId, string source, ConversionDraft draft, PaymentDetails? payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var program = await programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return new RecordConversionOutcome.ProgramNotFound();
        }

        var now = time.GetUtcNow();
        var errors = draft.Validate(program, now, payment);
        if (!errors.IsEmpty)
        {
            return new RecordConversionOutcome.Invalid(errors);
        }

        var conversion = draft.ToConversion(program.Id, source, now, payment) with
        {
            CustomerEmailHash = hasher is null || draft.CustomerEmail is null ? null : CustomerEmail.Hash(hasher, draft.CustomerEmail),
            CustomerIpHash = hasher is null || !IPAddress.TryParse(draft.CustomerIp, out var ip) ? null : hasher.Hash(ip),
        };
        if (program.IsArchived && !conversion.Type.IsAdjustment())
        {
            // An archived program earns nothing new; refunds and chargebacks still take back what was earned
            // before, and a retry of an event recorded before the archive still gets its first answer.
            return await conversions.GetAsync(program.Id, conversion.Id, cancellationToken) is { } earlier
                ? await DuplicateAsync(earlier.Id, earlier, cancellationToken)
                : new RecordConversionOutcome.ProgramArchived();
        }

        if (conversion.Amount.Currency != program.Currency && conversion.Amount.Amount == 0)
        {
            // Nothing to convert (a lead without an amount): no rate is needed, and what it earns is in the program's currency.
            conversion = conversion with { Amount = Money.Zero(program.Currency) };
        }
        else if (conversion.Amount.Currency != program.Currency)
        {
            var converted = await ConvertAsync(program, source, conversion, cancellationToken);
            if (converted is null)
            {
                // A retry of an event stored while its rate was known is still the same event.
                return await conversions.GetAsync(program.Id, conversion.Id, cancellationToken) is { } stored
                    ? await DuplicateAsync(stored.Id, stored, cancellationToken)
                    : new RecordConversionOutcome.NoExchangeRate(conversion.Amount.Currency, program.Currency, DayOf(conversion));
            }

            if (converted.Amount.Amount > Money.MaxAmount)
            {
                return new RecordConversionOutcome.Invalid(new Validation.ValidationErrors().Add(
                    "amount", $"'amount' converted to {program.Currency} ({converted.Amount}) is more than {new Money(Money.MaxAmount, program.Currency)}."));
            }

            conversion = converted;
        }

        // Aliases before the conversion: a refund that names one finds the payment as soon as the payment is stored.
        await LinkAliasesAsync(program.Id, source, conversion.PaymentReference, payment?.Aliases, cancellationToken);

        // A payment recorded under another key (a reconciliation replayed it from the provider's export, or
        // its webhook came first and the export row is replayed now) is the same payment: a duplicate.
        if (conversion.Type.IsPayment() && conversion.PaymentReference is { } reference
            && await conversions.FindByPaymentReferenceAsync(program.Id, source, reference, cancellationToken) is { } recorded
            && recorded.Id != conversion.Id)
        {
            return await DuplicateAsync(recorded.Id, recorded, cancellationToken);
        }

        if (await conversions.TryCreateAsync(conversion, cancellationToken))
        {
            await events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(program.Id, conversion.Id), cancellationToken);
            return new RecordConversionOutcome.Accepted(conversion.Id, Duplicate: false);
        }

        return await DuplicateAsync(conversion.Id, await conversions.GetAsync(program.Id, conversion.Id, cancellationToken), cancellationToken);
    }

    /// <summary>The answer to an event recorded before; published again while it is still unattributed.</summary>
    private async Task<RecordConversionOutcome> DuplicateAsync(string conversionId, Conversion? existing, CancellationToken cancellationToken)
    {
        if (existing is { Attribution: null })
        {
            await events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(existing.ProgramId, existing.Id), cancellationToken);
        }

        return new RecordConversionOutcome.Accepted(conversionId, Duplicate: true);
    }

    /// <summary>The day whose reference rate converts <paramref name="conversion"/>: the UTC date it occurred on.</summary>
    public static DateOnly DayOf(Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime);
    }

    private async Task<Conversion?> ConvertAsync(ReferralProgram program, string source, Conversion conversion, CancellationToken cancellationToken)
    {
        var reported = conversion.Amount;
        if (conversion.Type.IsAdjustment()
            && conversion.OriginalPaymentReference is { } reference
            && await conversions.FindByPaymentReferenceAsync(program.Id, source, reference, cancellationToken) is { Exchange: { } saleExchange }
            && saleExchange.Original.Currency == reported.Currency)
        {
            return conversion.ConvertedBy(saleExchange with { Original = reported }, program.Currency);
        }

        var day = DayOf(conversion);
        return rates is not null && await rates.FindAsync(reported.Currency, program.Currency, day, cancellationToken) is { } rate
            ? conversion.ConvertedBy(CurrencyExchange.Of(reported, rate, day), program.Currency)
            : null;
    }

    /// <summary>
    /// Records that the provider's payment <paramref name="paymentReference"/> is also known by
    /// <paramref name="aliases"/> (Stripe's <c>invoice_payment.paid</c>: an invoice and the payment intent and
    /// charge that paid it), so refunds and disputes naming an alias reach the payment's commission. Idempotent;
    /// false when the program does not exist.
    /// </summary>
    public async Task<bool> LinkPaymentAsync(string programId, string source, string paymentReference, IReadOnlyList<string> aliases, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(paymentReference);
        ArgumentNullException.ThrowIfNull(aliases);
        var program = await programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return false;
        }

        await LinkAliasesAsync(program.Id, source, paymentReference, aliases, cancellationToken);
        return true;
    }

    private async Task LinkAliasesAsync(string programId, string source, string? paymentReference, IReadOnlyList<string>? aliases, CancellationToken cancellationToken)
    {
        if (paymentReference is null || aliases is null)
        {
            return;
        }

        foreach (var alias in aliases.Where(alias => !string.IsNullOrEmpty(alias) && alias != paymentReference).Distinct(StringComparer.Ordinal))
        {
            await conversions.LinkPaymentAsync(programId, source, alias, paymentReference, cancellationToken);
        }
    }
}
