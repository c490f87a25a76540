namespace Referrals.Core.ExchangeRates;

/// <summary>The stored daily reference rates: one publication per day and source.</summary>
public interface IReferenceRateStore
{
    /// <summary>Stores a day's rates, replacing what was stored for that day and source (a publisher's own figures win).</summary>
    Task SaveAsync(ReferenceRates rates, CancellationToken cancellationToken);

    /// <summary>Stores a day's rates unless that day and source are stored already; false when they were.</summary>
    Task<bool> TryAddAsync(ReferenceRates rates, CancellationToken cancellationToken);

    /// <summary>The days of <paramref name="source"/> from <paramref name="from"/> to <paramref name="to"/> (both included), oldest first.</summary>
    Task<IReadOnlyList<ReferenceRates>> ListAsync(string source, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
