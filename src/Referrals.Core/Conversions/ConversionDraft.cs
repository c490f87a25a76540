using Referrals.Core.Programs;
using Referrals.Core.Tracking;
using Referrals.Core.Validation;

namespace Referrals.Core.Conversions;

/// <summary>A conversion as a shop reports it through the API; <see cref="Validate"/> checks it against its program.</summary>
public sealed record ConversionDraft(
    string? EventId,
    ConversionType? Type,
    long? Amount,
    string? Currency,
    string? CustomerId,
    string? ClickId = null,
    string? Code = null,
    string? ProductId = null,
    DateTimeOffset? OccurredAt = null)
{
    /// <summary>How far in the future a reported time may lie (clock skew between shop and us).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How old a reported conversion may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);

    public ValidationErrors Validate(ReferralProgram program, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(program);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(EventId) || EventId.Length > 200 || EventId.Any(char.IsControl))
        {
            errors.Add("eventId", "'eventId' is required: your unique id for this event, at most 200 printable characters.");
        }

        if (Type is null || !Enum.IsDefined(Type.Value))
        {
            errors.Add("type", "'type' must be 'sale' or 'lead'.");
        }

        if (Amount is null && Type == ConversionType.Sale)
        {
            errors.Add("amount", "A sale needs 'amount' in minor units (for example 4999 for 49.99).");
        }
        else if (Amount is < 0 or > Money.MaxAmount)
        {
            errors.Add("amount", $"'amount' must be between 0 and {Money.MaxAmount} minor units.");
        }
        else if (Amount is 0 && Type == ConversionType.Sale)
        {
            errors.Add("amount", "A sale's 'amount' must be greater than 0.");
        }

        if (!Core.Currency.IsKnown(Currency))
        {
            errors.Add("currency", "'currency' must be an ISO 4217 code in upper case, such as EUR or USD.");
        }
        else if (Currency != program.Currency)
        {
            errors.Add("currency", $"This program pays in {program.Currency}; report the conversion in {program.Currency}.");
        }

        if (string.IsNullOrWhiteSpace(CustomerId) || CustomerId.Length > 200 || CustomerId.Any(char.IsControl))
        {
            errors.Add("customerId", "'customerId' is required: your id for the buyer, at most 200 printable characters.");
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

        if (OccurredAt is { } occurredAt && (occurredAt > now + AllowedClockSkew || occurredAt < now - MaxAge))
        {
            errors.Add("occurredAt", "'occurredAt' must lie within the last 365 days and not in the future.");
        }

        return errors;
    }

    /// <summary>The conversion this draft reports; call only after <see cref="Validate"/> found nothing.</summary>
    public Conversion ToConversion(string programId, string source, DateTimeOffset now) => new(
        Conversion.IdFor(programId, source, EventId!),
        programId,
        source,
        EventId!,
        Type!.Value,
        new Money(Amount ?? 0, Currency!),
        CustomerId!,
        ClickId,
        string.IsNullOrWhiteSpace(Code) ? null : Code.Trim(),
        ProductId,
        OccurredAt?.ToUniversalTime() ?? now,
        now);
}
