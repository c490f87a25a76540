using Referrals.Core.Programs;
using Referrals.Core.Tracking;
using Referrals.Core.Validation;

namespace Referrals.Core.Conversions;

/// <summary>
/// A conversion as a shop reports it through the API or the generic webhook, or as a provider's event
/// maps to it; <see cref="Validate(ReferralProgram, DateTimeOffset, PaymentDetails?)"/> checks it against its program. A refund, chargeback or
/// reinstatement names the payment it changes with <see cref="OriginalEventId"/> (the event id that
/// reported that payment). <see cref="CustomerEmail"/> and <see cref="CustomerIp"/> are optional; they
/// are hashed when the conversion is taken in (<see cref="RecordConversion"/>) and never stored raw.
/// </summary>
public sealed record ConversionDraft(
    string? EventId,
    ConversionType? Type,
    long? Amount,
    string? Currency,
    string? CustomerId,
    string? ClickId = null,
    string? Code = null,
    string? ProductId = null,
    DateTimeOffset? OccurredAt = null,
    string? OriginalEventId = null,
    string? CustomerEmail = null,
    string? CustomerIp = null)
{
    /// <summary>How far in the future a reported time may lie (clock skew between shop and us).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How old a reported conversion may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);

    public ValidationErrors Validate(ReferralProgram program, DateTimeOffset now) => Validate(program, now, payment: null);

    /// <summary>Checks the draft; <paramref name="payment"/> is what a provider mapping adds (it may name the original payment instead of <see cref="OriginalEventId"/>).</summary>
    public ValidationErrors Validate(ReferralProgram program, DateTimeOffset now, PaymentDetails? payment)
    {
        ArgumentNullException.ThrowIfNull(program);
        var errors = new ValidationErrors();
        if (!IsPrintable(EventId, 200))
        {
            errors.Add("eventId", "'eventId' is required: your unique id for this event, at most 200 printable characters.");
        }

        if (Type is null || !Enum.IsDefined(Type.Value))
        {
            errors.Add("type", "'type' must be one of sale, lead, renewal, refund, chargeback, reinstatement.");
        }

        var needsAmount = Type is { } type && type != ConversionType.Lead;
        if (Amount is null && needsAmount)
        {
            errors.Add("amount", $"A {Name(Type)} needs 'amount' in minor units (for example 4999 for 49.99).");
        }
        else if (Amount is < 0 or > Money.MaxAmount)
        {
            errors.Add("amount", $"'amount' must be between 0 and {Money.MaxAmount} minor units.");
        }
        else if (Amount is 0 && needsAmount)
        {
            errors.Add("amount", $"A {Name(Type)}'s 'amount' must be greater than 0.");
        }

        // Another currency than the program's is converted at the day's reference rate (RecordConversion).
        if (!Core.Currency.IsKnown(Currency))
        {
            errors.Add("currency", "'currency' must be an ISO 4217 code in upper case, such as EUR or USD.");
        }

        var isAdjustment = Type?.IsAdjustment() == true;
        if (isAdjustment ? CustomerId is not null && !IsPrintable(CustomerId, 200) : !IsPrintable(CustomerId, 200))
        {
            errors.Add("customerId", "'customerId' is required: your id for the buyer, at most 200 printable characters.");
        }

        if (isAdjustment && payment?.OriginalPaymentReference is null && !IsPrintable(OriginalEventId, 200))
        {
            errors.Add("originalEventId", $"A {Name(Type)} needs 'originalEventId': the event id of the payment it changes.");
        }
        else if (!isAdjustment && OriginalEventId is not null)
        {
            errors.Add("originalEventId", "'originalEventId' belongs only to a refund, chargeback or reinstatement.");
        }

        if (ClickId is not null && !Tracking.ClickId.TryParse(ClickId, out _))
        {
            errors.Add("clickId", "'clickId' is not a click id issued by this pipeline (the ref_click value of the landing URL).");
        }

        if (Code is not null && Code.Length > 100)
        {
            errors.Add("code", "'code' is at most 100 characters.");
        }

        if (ProductId is { Length: > 200 })
        {
            errors.Add("productId", "'productId' is at most 200 characters.");
        }

        if (CustomerEmail is not null && !Leads.CustomerEmail.IsWellFormed(CustomerEmail))
        {
            errors.Add("customerEmail", "'customerEmail' must be a single e-mail address such as ada@example.com.");
        }

        if (CustomerIp is not null && (CustomerIp.Length > 64 || !System.Net.IPAddress.TryParse(CustomerIp, out _)))
        {
            errors.Add("customerIp", "'customerIp' must be the buyer's IPv4 or IPv6 address.");
        }

        if (OccurredAt is { } occurredAt && (occurredAt > now + AllowedClockSkew || occurredAt < now - MaxAge))
        {
            errors.Add("occurredAt", "'occurredAt' must lie within the last 365 days and not in the future.");
        }

        if (payment is { PaidAmount: < 0 or > Money.MaxAmount } or { RefundedTotal: < 0 or > Money.MaxAmount })
        {
            errors.Add("amount", $"Paid and refunded amounts must be between 0 and {Money.MaxAmount} minor units.");
        }

        return errors;
    }

    /// <summary>The conversion this draft reports; call only after <see cref="Validate(ReferralProgram, DateTimeOffset, PaymentDetails?)"/> found nothing.</summary>
    /// <remarks>Without provider details, the event id is the payment's reference and <see cref="OriginalEventId"/> the original's.</remarks>
    public Conversion ToConversion(string programId, string source, DateTimeOffset now, PaymentDetails? payment = null) => new(
        Conversion.IdFor(programId, source, EventId!),
        programId,
        source,
        EventId!,
        Type!.Value,
        new Money(Amount ?? 0, Currency!),
        CustomerId ?? string.Empty,
        ClickId,
        string.IsNullOrWhiteSpace(Code) ? null : Code.Trim(),
        ProductId,
        OccurredAt?.ToUniversalTime() ?? now,
        now,
        PaymentReference: payment?.PaymentReference ?? (Type == ConversionType.Lead ? null : EventId),
        OriginalPaymentReference: payment?.OriginalPaymentReference ?? OriginalEventId,
        PaidAmount: payment?.PaidAmount,
        RefundedTotal: payment?.RefundedTotal);

    private static bool IsPrintable(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    private static string Name(ConversionType? type) => type?.ToString().ToLowerInvariant() ?? "conversion";
}
