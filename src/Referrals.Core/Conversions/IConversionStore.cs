namespace Referrals.Core.Conversions;

/// <summary>Where conversions are kept, by program.</summary>
public interface IConversionStore
{
    /// <summary>
    /// Stores the conversion unless one with its id exists; false means it is a duplicate. A conversion
    /// with a <see cref="Conversion.PaymentReference"/> becomes findable by it (also when a duplicate
    /// arrives, which heals a crash between the two writes).
    /// </summary>
    Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken);

    Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken);

    /// <summary>
    /// The conversion of <paramref name="source"/> whose <see cref="Conversion.PaymentReference"/> is
    /// <paramref name="paymentReference"/>, or that a <see cref="LinkPaymentAsync">link</see> names by it; or null.
    /// </summary>
    Task<Conversion?> FindByPaymentReferenceAsync(string programId, string source, string paymentReference, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the payment of <paramref name="source"/> known as <paramref name="paymentReference"/> findable by
    /// <paramref name="alias"/> too, whether that payment is recorded yet or not. Insert-if-absent: the first
    /// payment or link to claim an alias keeps it, so linking again changes nothing.
    /// </summary>
    Task LinkPaymentAsync(string programId, string source, string alias, string paymentReference, CancellationToken cancellationToken);

    /// <summary>The customer's sales in the program (at most <paramref name="max"/>), attributed or not, in no particular order.</summary>
    Task<IReadOnlyList<Conversion>> ListSalesOfCustomerAsync(string programId, string customerId, int max, CancellationToken cancellationToken);

    /// <summary>Records the attribution decision (and commission id) on a stored conversion.</summary>
    Task SaveAttributionAsync(Conversion conversion, CancellationToken cancellationToken);
}
