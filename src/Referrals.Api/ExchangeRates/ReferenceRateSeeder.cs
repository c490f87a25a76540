using Referrals.Core.ExchangeRates;

namespace Referrals.Api.ExchangeRates;

/// <summary>
/// Loads the sample rates shipped in the assembly (<c>eurofxref-sample.xml</c>, the ECB's history format)
/// into the store, for tests and local runs. Days already stored are left as they are, so fetched
/// figures are never overwritten by sample ones.
/// </summary>
public sealed class ReferenceRateSeeder(IReferenceRateStore store)
{
    public const string ResourceName = "Referrals.Api.ExchangeRates.eurofxref-sample.xml";

    /// <summary>The sample days, parsed.</summary>
    public static IReadOnlyList<ReferenceRates> SampleDays()
    {
        using var stream = typeof(ReferenceRateSeeder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return EcbRatesXml.Parse(stream);
    }

    /// <summary>Stores the sample days the store lacks; returns how many were added.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var days = SampleDays();
        var stored = (await store.ListAsync(ReferenceRates.Ecb, days.Min(day => day.Day), days.Max(day => day.Day), cancellationToken))
            .Select(day => day.Day)
            .ToHashSet();
        var added = 0;
        foreach (var day in days.Where(day => !stored.Contains(day.Day)))
        {
            if (await store.TryAddAsync(day, cancellationToken))
            {
                added++;
            }
        }

        return added;
    }
}
