using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Core.Tests.Programs;

public class ProgramDraftTests
{
    private static readonly ProgramDraft Valid = new("Shop partners", "EUR", ["shop.example.com"], CookieDays: null, CommissionPlan.OfPercent(20));

    [Fact]
    public void A_complete_draft_has_no_errors()
    {
        Assert.True(Valid.Validate().IsEmpty);
    }

    [Theory]
    [InlineData("name", "blank name")]
    [InlineData("name", "long name")]
    [InlineData("currency", "lower case")]
    [InlineData("currency", "unknown")]
    [InlineData("currency", "missing")]
    [InlineData("allowedHosts", "none")]
    [InlineData("allowedHosts", "missing")]
    [InlineData("allowedHosts", "url instead of host")]
    [InlineData("allowedHosts", "host with path")]
    [InlineData("allowedHosts", "null host")]
    [InlineData("allowedHosts", "too many")]
    [InlineData("cookieDays", "zero")]
    [InlineData("cookieDays", "over two years")]
    [InlineData("plan", "missing")]
    [InlineData("plan.percent", "percent without rate")]
    [InlineData("plan.percent", "zero percent")]
    [InlineData("plan.percent", "over 100 percent")]
    [InlineData("plan.percent", "five decimals")]
    [InlineData("plan.amount", "flat without amount")]
    [InlineData("plan.amount", "flat zero")]
    [InlineData("plan.kind", "unknown kind")]
    [InlineData("trackingMode", "unknown mode")]
    [InlineData("attributionModel", "unknown model")]
    public void A_bad_field_is_named_in_the_errors(string field, string problem)
    {
        var draft = problem switch
        {
            "blank name" => Valid with { Name = "  " },
            "long name" => Valid with { Name = new string('n', 201) },
            "lower case" => Valid with { Currency = "eur" },
            "unknown" => Valid with { Currency = "ABC" },
            "missing" when field == "currency" => Valid with { Currency = null },
            "none" => Valid with { AllowedHosts = [] },
            "missing" when field == "allowedHosts" => Valid with { AllowedHosts = null },
            "url instead of host" => Valid with { AllowedHosts = ["https://shop.example.com"] },
            "host with path" => Valid with { AllowedHosts = ["shop.example.com/landing"] },
            "null host" => Valid with { AllowedHosts = [null!] },
            "too many" => Valid with { AllowedHosts = Enumerable.Range(0, 101).Select(i => $"shop{i}.example.com").ToArray() },
            "zero" => Valid with { CookieDays = 0 },
            "over two years" => Valid with { CookieDays = ProgramDraft.MaxCookieDays + 1 },
            "missing" => Valid with { Plan = null },
            "percent without rate" => Valid with { Plan = new CommissionPlan(CommissionPlanKind.Percent) },
            "zero percent" => Valid with { Plan = CommissionPlan.OfPercent(0) },
            "over 100 percent" => Valid with { Plan = CommissionPlan.OfPercent(100.01m) },
            "five decimals" => Valid with { Plan = CommissionPlan.OfPercent(12.34567m) },
            "flat without amount" => Valid with { Plan = new CommissionPlan(CommissionPlanKind.Flat) },
            "flat zero" => Valid with { Plan = CommissionPlan.OfFlat(0) },
            "unknown kind" => Valid with { Plan = new CommissionPlan((CommissionPlanKind)7, Percent: 10) },
            "unknown mode" => Valid with { TrackingMode = (TrackingMode)7 },
            "unknown model" => Valid with { AttributionModel = (AttributionModel)7 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        var errors = draft.Validate().ToDictionary();

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var draft = new ProgramDraft(null, "eur", [], 0, null, (TrackingMode)7, (AttributionModel)7);

        var errors = draft.Validate().ToDictionary();

        Assert.Equal(
            ["allowedHosts", "attributionModel", "cookieDays", "currency", "name", "plan", "trackingMode"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_program_has_a_30_day_cookie_durable_tracking_and_last_click_unless_told_otherwise()
    {
        var program = Valid.ToProgram("prg_1", Sample.Now);

        Assert.Equal(30, program.CookieDays);
        Assert.Equal(TimeSpan.FromDays(30), program.CookieWindow);
        Assert.Equal(TrackingMode.Durable, program.TrackingMode);
        Assert.Equal(AttributionModel.LastClick, program.AttributionModel);
    }

    [Fact]
    public void A_program_keeps_the_settings_it_was_given()
    {
        var draft = Valid with { CookieDays = 90, TrackingMode = TrackingMode.Fast, AttributionModel = AttributionModel.FirstClick };

        var program = draft.ToProgram("prg_1", Sample.Now);

        Assert.Equal(90, program.CookieDays);
        Assert.Equal(TrackingMode.Fast, program.TrackingMode);
        Assert.Equal(AttributionModel.FirstClick, program.AttributionModel);
    }

    [Fact]
    public void Allowed_hosts_are_stored_in_lower_case_once_each()
    {
        var draft = Valid with { AllowedHosts = ["Shop.Example.com", "shop.example.com", "blog.example.com"] };

        var program = draft.ToProgram("prg_1", Sample.Now);

        Assert.Equal(["shop.example.com", "blog.example.com"], program.AllowedHosts);
    }
}
