using System.Collections.Concurrent;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Conversions by id; can fail the next decision saves, as a crash just before them would.</summary>
internal sealed class InMemoryConversionStore : IConversionStore
{
    private readonly ConcurrentDictionary<string, Conversion> _conversions = new(StringComparer.Ordinal);

    public int FailingSaves { get; set; }

    public int Saves { get; private set; }

    public Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken) =>
        Task.FromResult(_conversions.TryAdd(conversion.Id, conversion));

    public Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken) =>
        Task.FromResult(_conversions.TryGetValue(conversionId, out var conversion) && conversion.ProgramId == programId ? conversion : null);

    public Task<Conversion?> FindByPaymentReferenceAsync(string programId, string source, string paymentReference, CancellationToken cancellationToken) =>
        Task.FromResult(_conversions.Values
            .Where(c => c.ProgramId == programId && c.Source == source && c.PaymentReference == paymentReference && c.Type.IsPayment())
            .OrderBy(c => c.ReceivedAt)
            .FirstOrDefault());

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
