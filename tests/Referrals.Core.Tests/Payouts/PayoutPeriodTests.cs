using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class PayoutPeriodTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Monthly_periods_are_cut_at_local_midnight_of_the_first()
    {
        var period = PayoutPeriod.Containing(new DateTimeOffset(2025, 2, 28, 23, 30, 0, TimeSpan.Zero), PayoutSchedule.Monthly, Berlin);

        Assert.Equal("2025-03", period.Key);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 23, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 22, 0, 0, TimeSpan.Zero), period.End);
    }

    [Fact]
    public void Weekly_periods_start_on_monday_and_are_named_by_iso_week()
    {
        var period = PayoutPeriod.Containing(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero), PayoutSchedule.Weekly, TimeZoneInfo.Utc);

        Assert.Equal("2025-W11", period.Key);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2025, 3, 17, 0, 0, 0, TimeSpan.Zero), period.End);
    }

    [Fact]
    public void A_period_ending_at_an_instant_is_the_one_just_before_it()
    {
        var end = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal("2025-03", PayoutPeriod.EndingAt(end, PayoutSchedule.Monthly, TimeZoneInfo.Utc).Key);
        Assert.Equal("2025-03", PayoutPeriod.LastClosed(end.AddDays(3), PayoutSchedule.Monthly, TimeZoneInfo.Utc).Key);
    }

    [Fact]
    public void The_run_id_names_program_and_period()
    {
        var run = PayoutRunMachine.Start("prg_abc", "EUR", PayoutSettings.Default, new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch, "admin", "x");

        Assert.Equal("prg_abc.2025-03", run.Id);
        Assert.Equal("prg_abc", PayoutRun.ProgramIdOf(run.Id));
    }

    [Theory]
    [InlineData("2025-03", PayoutSchedule.Monthly)]
    [InlineData("2025-W11", PayoutSchedule.Weekly)]
    [InlineData("2026-W01", PayoutSchedule.Weekly)]
    public void A_period_is_found_again_by_its_key(string key, PayoutSchedule schedule)
    {
        Assert.True(PayoutPeriod.TryParse(key, schedule, Berlin, out var period));

        Assert.Equal(key, period.Key);
        Assert.Equal(period, PayoutPeriod.Containing(period.Start, schedule, Berlin));
    }

    [Theory]
    [InlineData(null, PayoutSchedule.Monthly)]
    [InlineData("2025-13", PayoutSchedule.Monthly)]
    [InlineData("2025-W11", PayoutSchedule.Monthly)]
    [InlineData("2025-03", PayoutSchedule.Weekly)]
    [InlineData("2025-W54", PayoutSchedule.Weekly)]
    [InlineData("march", PayoutSchedule.Monthly)]
    public void A_key_that_names_no_period_of_the_schedule_is_refused(string? key, PayoutSchedule schedule)
    {
        Assert.False(PayoutPeriod.TryParse(key, schedule, Berlin, out _));
    }
}
