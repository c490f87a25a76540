using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Validation;

namespace Referrals.Api.Http;

/// <summary>RFC 9457 problem answers, worded for the caller who has to fix the request.</summary>
public static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult BadRequest(string detail) =>
        Status(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) =>
        Status(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: errors.ToString(), title: "The request has invalid fields.");

    public static ProblemHttpResult ProgramNotFound(string programId) =>
        NotFound($"There is no program '{Shorten(programId)}'.");

    /// <summary>
    /// The problem type of a create refused because its program is archived. A tag URI: it names the
    /// problem for clients to match on and is not meant to be fetched.
    /// </summary>
    public const string ProgramArchivedType = "tag:referral-pipeline,2026:problems/program-archived";

    /// <summary>409: the program is archived, so it takes nothing new (what it has stays readable).</summary>
    public static ProblemHttpResult ProgramArchived(string programId) =>
        TypedResults.Problem(
            detail: $"The program '{Shorten(programId)}' is archived: it takes no new partners, links, codes, conversions, leads, groups, terms or applications. Its data stays readable.",
            statusCode: StatusCodes.Status409Conflict,
            title: "The program is archived",
            type: ProgramArchivedType);

    public static ProblemHttpResult PartnerNotFound(string partnerId) =>
        NotFound($"There is no partner '{Shorten(partnerId)}' in this program.");

    /// <summary>422: the conversion's currency has no reference rate to the program's near its day, so nothing was stored.</summary>
    public static ProblemHttpResult NoExchangeRate(Core.Conversions.RecordConversionOutcome.NoExchangeRate missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        return Status(StatusCodes.Status422UnprocessableEntity, "No exchange rate", NoExchangeRateDetail(missing));
    }

    /// <summary>Why a conversion without a reference rate was not stored, naming the currency and the day.</summary>
    public static string NoExchangeRateDetail(Core.Conversions.RecordConversionOutcome.NoExchangeRate missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        return $"There is no ECB reference rate for {missing.Currency} to {missing.ProgramCurrency} on {missing.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} or the "
            + $"{Core.ExchangeRates.StoredExchangeRates.LookbackDays} days before, so the {missing.Currency} amount cannot be converted to the program's currency; "
            + "nothing was stored. Report it in the program's currency, or again once the rate is published.";
    }

    /// <summary>Echo at most a short, printable piece of caller input.</summary>
    public static string Shorten(string value)
    {
        var printable = new string(value.Where(c => !char.IsControl(c)).Take(80).ToArray());
        return value.Length > 80 ? printable + "…" : printable;
    }
}
