using Referrals.Core.Validation;

namespace Referrals.Core.Conversions;

/// <summary>What became of a reported conversion.</summary>
public abstract record RecordConversionOutcome
{
    private RecordConversionOutcome()
    {
    }

    /// <summary>Stored (or already stored: <paramref name="Duplicate"/>) and on its way to attribution.</summary>
    public sealed record Accepted(string ConversionId, bool Duplicate) : RecordConversionOutcome;

    public sealed record ProgramNotFound : RecordConversionOutcome;

    /// <summary>A new sale, renewal or lead for an archived program; nothing was stored.</summary>
    public sealed record ProgramArchived : RecordConversionOutcome;

    public sealed record Invalid(ValidationErrors Errors) : RecordConversionOutcome;

    /// <summary>
    /// Reported in <paramref name="Currency"/>, which has no reference rate to <paramref name="ProgramCurrency"/>
    /// on <paramref name="Day"/> or the days before it (<see cref="ExchangeRates.StoredExchangeRates.LookbackDays"/>); nothing was stored.
    /// </summary>
    public sealed record NoExchangeRate(string Currency, string ProgramCurrency, DateOnly Day) : RecordConversionOutcome;
}
