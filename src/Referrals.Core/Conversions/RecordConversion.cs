using System.Net;
using Referrals.Core.Leads;
using Referrals.Core.Tracking;
using Referrals.Core.Events;
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
/// </remarks>
public sealed class RecordConversion(IProgramStore programs, IConversionStore conversions, IEventPublisher events, TimeProvider time, VisitorHasher? hasher = null)
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
        // Aliases before the conversion: a refund that names one finds the payment as soon as the payment is stored.
        await LinkAliasesAsync(program.Id, source, conversion.PaymentReference, payment?.Aliases, cancellationToken);

        // A payment recorded under another key (a reconciliation replayed it from the provider's export, or
        // its webhook came first and the export row is replayed now) is the same payment: a duplicate.
        if (conversion.Type.IsPayment() && conversion.PaymentReference is { } reference
            && await conversions.FindByPaymentReferenceAsync(program.Id, source, reference, cancellationToken) is { } recorded
            && recorded.Id != conversion.Id)
        {
            return await DuplicateAsync(recorded, cancellationToken);
        }

        if (await conversions.TryCreateAsync(conversion, cancellationToken))
        {
            await events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(program.Id, conversion.Id), cancellationToken);
            return new RecordConversionOutcome.Accepted(conversion.Id, Duplicate: false);
        }

        var existing = await conversions.GetAsync(program.Id, conversion.Id, cancellationToken);
        return existing is null ? new RecordConversionOutcome.Accepted(conversion.Id, Duplicate: true) : await DuplicateAsync(existing, cancellationToken);
    }

    private async Task<RecordConversionOutcome> DuplicateAsync(Conversion existing, CancellationToken cancellationToken)
    {
        if (existing.Attribution is null)
        {
            await events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(existing.ProgramId, existing.Id), cancellationToken);
        }

        return new RecordConversionOutcome.Accepted(existing.Id, Duplicate: true);
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
