using System.Globalization;

namespace Referrals.Core.Payouts;

/// <summary>
/// One payout period: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), cut at
/// midnight of the 1st (monthly) or of Monday (weekly) in the program's time zone, and named by
/// <see cref="Key"/> (<c>2025-03</c>, <c>2025-W11</c>).
/// </summary>
public readonly record struct PayoutPeriod(string Key, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period that contains <paramref name="instant"/>.</summary>
    public static PayoutPeriod Containing(DateTimeOffset instant, PayoutSchedule schedule, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        if (schedule == PayoutSchedule.Weekly)
        {
            var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
            var week = ISOWeek.GetWeekOfYear(monday);
            var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday):D4}-W{week:D2}");
            return new PayoutPeriod(key, ToUtc(monday, zone), ToUtc(monday.AddDays(7), zone));
        }

        var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new PayoutPeriod(
            first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ToUtc(first, zone),
            ToUtc(first.AddMonths(1), zone));
    }

    /// <summary>The period a run ending at <paramref name="periodEnd"/> belongs to: the one that contains the instant just before it.</summary>
    public static PayoutPeriod EndingAt(DateTimeOffset periodEnd, PayoutSchedule schedule, TimeZoneInfo zone) =>
        Containing(periodEnd.AddTicks(-1), schedule, zone);

    /// <summary>The latest period that has closed by <paramref name="now"/>.</summary>
    public static PayoutPeriod LastClosed(DateTimeOffset now, PayoutSchedule schedule, TimeZoneInfo zone) =>
        EndingAt(Containing(now, schedule, zone).Start, schedule, zone);

    /// <summary>
    /// The period named <paramref name="key"/> (<c>2025-03</c> for a monthly schedule, <c>2025-W11</c>
    /// for a weekly one); false when the key does not name a period of that schedule.
    /// </summary>
    public static bool TryParse(string? key, PayoutSchedule schedule, TimeZoneInfo zone, out PayoutPeriod period)
    {
        ArgumentNullException.ThrowIfNull(zone);
        period = default;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        DateTime local;
        if (schedule == PayoutSchedule.Weekly)
        {
            if (key.Length != 8 || key[4] != '-' || key[5] != 'W'
                || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
                || year < 2000 || year > 9000 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            {
                return false;
            }

            local = ISOWeek.ToDateTime(year, week, DayOfWeek.Monday);
        }
        else if (!DateTime.TryParseExact(key, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out local) || local.Year < 2000)
        {
            return false;
        }

        // Noon of the period's first day is inside it whatever the zone's offset.
        period = Containing(ToUtc(local.AddHours(12), zone), schedule, zone);
        return period.Key == key;
    }

    // Local midnights that fall into a DST gap move to the first valid instant after it.
    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
