using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Stats;

/// <summary>A partner's numbers, read from per-day counters (never by scanning clicks).</summary>
public static class StatsApi
{
    private const int MaxDays = 366;
    private const int DefaultDays = 30;

    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/partners/{partnerId}/stats", GetAsync).WithName("GetPartnerStats").WithTags("Stats").AllowRoles(EndpointRoles.ReadStats);
        return api;
    }

    /// <summary>
    /// Clicks, unique clicks, leads, sales, revenue, earnings and conversion rate of a partner between
    /// <c>from</c> and <c>to</c> (UTC dates, inclusive; the last 30 days by default), with a daily series.
    /// </summary>
    public static async Task<Results<Ok<PartnerStatsReport>, ProblemHttpResult>> GetAsync(
        string partnerId, string? from, string? to, IPartnerStore partners, IProgramStore programs, IStatsStore stats, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!TryParseDate(to, today, out var toDay) || !TryParseDate(from, toDay.AddDays(1 - DefaultDays), out var fromDay))
        {
            return Problems.BadRequest("'from' and 'to' must be dates written as yyyy-MM-dd.");
        }

        if (fromDay > toDay || toDay.DayNumber - fromDay.DayNumber >= MaxDays)
        {
            return Problems.BadRequest($"'from' must not be after 'to', and the range may span at most {MaxDays} days.");
        }

        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner
            || await programs.GetAsync(partner.ProgramId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
        }

        var days = await stats.GetAsync(partner.Id, fromDay, toDay, cancellationToken);
        return TypedResults.Ok(PartnerStatsReport.Build(partner.Id, program.Currency, fromDay, toDay, days));
    }

    private static bool TryParseDate(string? value, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(value))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
