namespace Referrals.Core.Conversions;

/// <summary>
/// Which of a program's conversions a list shows: those that occurred in [<see cref="From"/>, <see cref="To"/>),
/// reported by <see cref="Source"/>, in an attribution <see cref="Status"/>, credited to <see cref="PartnerId"/>.
/// </summary>
public sealed record ConversionFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Source = null,
    ConversionStatus? Status = null,
    string? PartnerId = null)
{
    public bool Matches(Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return (From is null || conversion.OccurredAt >= From)
            && (To is null || conversion.OccurredAt < To)
            && (Source is null || conversion.Source == Source)
            && (Status is null || StatusOf(conversion) == Status)
            && (PartnerId is null || conversion.Attribution?.PartnerId == PartnerId);
    }

    public static ConversionStatus StatusOf(Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return conversion.Attribution switch
        {
            null => ConversionStatus.AwaitingAttribution,
            { IsAttributed: true } => ConversionStatus.Attributed,
            _ => ConversionStatus.Unattributed,
        };
    }
}
