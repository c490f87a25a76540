using Referrals.Core.ExchangeRates;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryReferenceRateStore : IReferenceRateStore
{
    private readonly Dictionary<(string Source, DateOnly Day), ReferenceRates> _days = [];

    public Task SaveAsync(ReferenceRates rates, CancellationToken cancellationToken)
    {
        _days[(rates.Source, rates.Day)] = rates;
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(ReferenceRates rates, CancellationToken cancellationToken) =>
        Task.FromResult(_days.TryAdd((rates.Source, rates.Day), rates));

    public Task<IReadOnlyList<ReferenceRates>> ListAsync(string source, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReferenceRates>>([.. _days.Values.Where(r => r.Source == source && r.Day >= from && r.Day <= to).OrderBy(r => r.Day)]);

    public static ReferenceRates Day(DateOnly day, params (string Currency, decimal PerEuro)[] rates) =>
        new(day, ReferenceRates.Ecb, rates.ToDictionary(rate => rate.Currency, rate => rate.PerEuro));
}
