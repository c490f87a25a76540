using Referrals.Core.Validation;

namespace Referrals.Core.Payouts;

/// <summary>
/// How a program pays: the hold period before a commission can be paid (the refund window), the
/// minimum payout (below it the balance carries over), the schedule, finance's approval deadline and
/// the reminder before it, and the time zone the periods are cut in.
/// </summary>
public sealed record PayoutSettings(
    int HoldDays,
    long MinimumPayout,
    PayoutSchedule Schedule,
    int ApprovalDays,
    int ReminderBeforeHours,
    string TimeZone)
{
    public const int DefaultHoldDays = 30;
    public const int DefaultApprovalDays = 7;
    public const int DefaultReminderBeforeHours = 48;

    /// <summary>The settings of a program that chose none (and of programs stored before payouts existed).</summary>
    public static PayoutSettings Default { get; } = new(DefaultHoldDays, 0, PayoutSchedule.Monthly, DefaultApprovalDays, DefaultReminderBeforeHours, "UTC");

    public TimeSpan Hold => TimeSpan.FromDays(HoldDays);

    public TimeSpan ApprovalWindow => TimeSpan.FromDays(ApprovalDays);

    public TimeSpan ReminderBefore => TimeSpan.FromHours(ReminderBeforeHours);

    /// <summary>The time zone; UTC for an id this machine does not know (validated at creation).</summary>
    public TimeZoneInfo Zone => TryFindZone(TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>Adds every problem with these settings to <paramref name="errors"/>.</summary>
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (HoldDays is < 0 or > 365)
        {
            errors.Add("holdDays", "'holdDays' must be between 0 and 365.");
        }

        if (MinimumPayout is < 0 or > Money.MaxAmount)
        {
            errors.Add("minimumPayout", $"'minimumPayout' must be between 0 and {Money.MaxAmount} minor units.");
        }

        if (!Enum.IsDefined(Schedule))
        {
            errors.Add("payoutSchedule", "'payoutSchedule' must be 'monthly' or 'weekly'.");
        }

        if (ApprovalDays is < 1 or > 60)
        {
            errors.Add("approvalDays", "'approvalDays' must be between 1 and 60.");
        }

        if (ReminderBeforeHours < 1 || ReminderBeforeHours >= ApprovalDays * 24)
        {
            errors.Add("reminderBeforeHours", "'reminderBeforeHours' must be at least 1 and less than the approval window.");
        }

        if (TryFindZone(TimeZone) is null)
        {
            errors.Add("timeZone", "'timeZone' must be an IANA time zone such as Europe/Berlin or UTC.");
        }
    }

    private static TimeZoneInfo? TryFindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
