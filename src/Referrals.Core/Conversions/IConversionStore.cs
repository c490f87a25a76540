namespace Referrals.Core.Conversions;

/// <summary>Where conversions are kept, by program.</summary>
public interface IConversionStore
{
    /// <summary>Stores the conversion unless one with its id exists; false means it is a duplicate.</summary>
    Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken);

    Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken);

    /// <summary>Records the attribution decision (and commission id) on a stored conversion.</summary>
    Task SaveAttributionAsync(Conversion conversion, CancellationToken cancellationToken);
}
