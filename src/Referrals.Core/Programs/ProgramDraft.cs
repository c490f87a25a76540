using System.Text.RegularExpressions;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Core.Validation;

namespace Referrals.Core.Programs;

/// <summary>What a manager asks for when creating a program; <see cref="Validate"/> says what is wrong with it.</summary>
public sealed partial record ProgramDraft(
    string? Name,
    string? Currency,
    IReadOnlyList<string>? AllowedHosts,
    int? CookieDays,
    CommissionPlan? Plan,
    TrackingMode? TrackingMode = null,
    AttributionModel? AttributionModel = null,
    int? HoldDays = null,
    long? MinimumPayout = null,
    PayoutSchedule? PayoutSchedule = null,
    int? ApprovalDays = null,
    int? ReminderBeforeHours = null,
    string? TimeZone = null)
{
    public const int DefaultCookieDays = 30;
    public const int MaxCookieDays = 730;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors.Add("name", "'name' is required, at most 200 characters.");
        }

        if (!Core.Currency.IsKnown(Currency))
        {
            errors.Add("currency", "'currency' must be an ISO 4217 code in upper case, such as EUR or USD.");
        }

        if (AllowedHosts is null || AllowedHosts.Count == 0)
        {
            errors.Add("allowedHosts", "'allowedHosts' needs at least one host the links may send visitors to.");
        }
        else if (AllowedHosts.Count > 100)
        {
            errors.Add("allowedHosts", "At most 100 allowed hosts.");
        }
        else
        {
            foreach (var host in AllowedHosts.Where(host => host is null || !HostPattern().IsMatch(host)))
            {
                errors.Add("allowedHosts", $"'{Truncate(host)}' is not a host name (such as shop.example.com).");
            }
        }

        if (CookieDays is < 1 or > MaxCookieDays)
        {
            errors.Add("cookieDays", $"'cookieDays' must be between 1 and {MaxCookieDays}.");
        }

        if (Plan is null)
        {
            errors.Add("plan", "'plan' is required, e.g. {\"kind\":\"percent\",\"percent\":20}.");
        }
        else
        {
            Plan.Validate(errors, "plan");
        }

        if (TrackingMode is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add("trackingMode", "'trackingMode' must be 'durable' or 'fast'.");
        }

        if (AttributionModel is { } model && !Enum.IsDefined(model))
        {
            errors.Add("attributionModel", "'attributionModel' must be 'lastClick' or 'firstClick'.");
        }

        PayoutSettings().Validate(errors);
        return errors;
    }

    /// <summary>The payout settings this draft asks for, each missing one at its default.</summary>
    public PayoutSettings PayoutSettings()
    {
        var defaults = Payouts.PayoutSettings.Default;
        return new PayoutSettings(
            HoldDays ?? defaults.HoldDays,
            MinimumPayout ?? defaults.MinimumPayout,
            PayoutSchedule ?? defaults.Schedule,
            ApprovalDays ?? defaults.ApprovalDays,
            ReminderBeforeHours ?? defaults.ReminderBeforeHours,
            string.IsNullOrWhiteSpace(TimeZone) ? defaults.TimeZone : TimeZone.Trim());
    }

    /// <summary>The program this draft describes; call only after <see cref="Validate"/> found nothing.</summary>
    public ReferralProgram ToProgram(string id, DateTimeOffset now) => new(
        id,
        Name!.Trim(),
        Currency!,
        AllowedHosts!.Select(host => host.ToLowerInvariant()).Distinct().ToArray(),
        CookieDays ?? DefaultCookieDays,
        Plan! with { Version = 1 }, // plans are set at creation; a plan change will bump the version
        TrackingMode ?? Programs.TrackingMode.Durable,
        AttributionModel ?? Programs.AttributionModel.LastClick,
        now,
        PayoutSettings());

    private static string Truncate(string? value) => value is null ? "null" : value.Length > 80 ? value[..80] + "…" : value;

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex HostPattern();
}
