using System.Collections.Concurrent;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Conversions by id; can fail the next decision saves, as a crash just before them would.</summary>
internal sealed class InMemoryConversionStore : IConversionStore
{
    private readonly ConcurrentDictionary<string, Conversion> _conversions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string ProgramId, string Source, string Alias), string> _links = new();

    public int FailingSaves { get; set; }

    public int Saves { get; private set; }

    public Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken) =>
        Task.FromResult(_conversions.TryAdd(conversion.Id, conversion));

    public Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken) =>
        Task.FromResult(_conversions.TryGetValue(conversionId, out var conversion) && conversion.ProgramId == programId ? conversion : null);

    public Task<Conversion?> FindByPaymentReferenceAsync(string programId, string source, string paymentReference, CancellationToken cancellationToken)
    {
        var direct = _conversions.Values
            .Where(c => c.ProgramId == programId && c.Source == source && c.PaymentReference == paymentReference && c.Type.IsPayment())
            .OrderBy(c => c.ReceivedAt)
            .FirstOrDefault();
        return direct is null && _links.TryGetValue((programId, source, paymentReference), out var linked)
            ? FindByPaymentReferenceAsync(programId, source, linked, cancellationToken)
            : Task.FromResult(direct);
    }

    public Task LinkPaymentAsync(string programId, string source, string alias, string paymentReference, CancellationToken cancellationToken)
    {
        _links.TryAdd((programId, source, alias), paymentReference);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Conversion>> ListSalesOfCustomerAsync(string programId, string customerId, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Conversion>>([.. _conversions.Values.Where(c => c.ProgramId == programId && c.CustomerId == customerId && c.Type == ConversionType.Sale).Take(max)]);

    public Task SaveAttributionAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        if (FailingSaves > 0)
        {
            FailingSaves--;
            throw new IOException("The storage account went away.");
        }

        Saves++;
        _conversions[conversion.Id] = conversion;
        return Task.CompletedTask;
    }
}
