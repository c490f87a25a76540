namespace Referrals.Core.Conversions;

/// <summary>A program's conversions, listed a page at a time.</summary>
public interface IConversionListing
{
    /// <summary>The program's conversions matching <paramref name="filter"/> in id order, after the id <paramref name="after"/>.</summary>
    Task<ListPage<Conversion>> ListAsync(string programId, ConversionFilter filter, string? after, int limit, CancellationToken cancellationToken);
}
