using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Validation;

namespace Referrals.Core.Tests.Commissions;

public class CommissionPlanRulesTests
{
    private static readonly DateTimeOffset FirstSale = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly CommissionPlan WithOverrides = CommissionPlan.OfPercent(20) with
    {
        Overrides =
        [
            new CommissionOverride(Category: "hardware", Amount: 500),
            new CommissionOverride(ProductId: "pro", Percent: 30),
            new CommissionOverride(ProductId: "drill", Percent: 5),
        ],
        ProductCategories = new Dictionary<string, string> { ["drill"] = "hardware", ["saw"] = "hardware" },
    };

    [Fact]
    public void A_lead_plan_pays_its_amount_per_qualified_lead()
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfLead(200), Lead());

        Assert.NotNull(quote);
        Assert.Equal(new Money(200, "EUR"), quote.Amount);
        Assert.Equal(CommissionPlanKind.Lead, quote.Rule);
        Assert.Equal("Flat 2.00 EUR per qualified lead.", quote.Explanation);
    }

    [Fact]
    public void A_lead_plan_pays_nothing_for_a_sale_and_says_so()
    {
        var calculation = CommissionCalculator.Decide(CommissionPlan.OfLead(200), Sample.Conversion(amount: 4999), null);

        Assert.Null(calculation.Quote);
        Assert.Equal("The plan pays per qualified lead, not per sale.", calculation.Reason);
    }

    [Fact]
    public void A_percent_plan_with_a_lead_rule_pays_both_leads_and_sales()
    {
        var plan = CommissionPlan.OfPercent(20) with { LeadAmount = 150 };

        var lead = CommissionCalculator.Calculate(plan, Lead());
        var sale = CommissionCalculator.Calculate(plan, Sample.Conversion(amount: 10_000));

        Assert.Equal(new Money(150, "EUR"), lead!.Amount);
        Assert.Equal(CommissionPlanKind.Lead, lead.Rule);
        Assert.Equal(new Money(2000, "EUR"), sale!.Amount);
        Assert.Equal(CommissionPlanKind.Percent, sale.Rule);
    }

    [Fact]
    public void A_product_override_beats_its_category_and_the_plan()
    {
        var quote = CommissionCalculator.Calculate(WithOverrides, Sale("drill", 10_000));

        Assert.Equal(new Money(500, "EUR"), quote!.Amount);
        Assert.Equal(5m, quote.Rate);
        Assert.Equal("5% of 100.00 EUR (the rate for product 'drill') = 5.00 EUR.", quote.Explanation);
    }

    [Fact]
    public void A_category_override_beats_the_plan()
    {
        var quote = CommissionCalculator.Calculate(WithOverrides, Sale("saw", 10_000));

        Assert.Equal(new Money(500, "EUR"), quote!.Amount);
        Assert.Equal(CommissionPlanKind.Flat, quote.Rule);
        Assert.Equal("Flat 5.00 EUR per sale (sale of 100.00 EUR; the rate for the 'hardware' category).", quote.Explanation);
    }

    [Fact]
    public void A_product_override_gives_the_partner_its_rate_in_the_explanation()
    {
        var quote = CommissionCalculator.Calculate(WithOverrides, Sale("pro", 12_345));

        Assert.Equal(new Money(3704, "EUR"), quote!.Amount);
        Assert.Equal("30% of 123.45 EUR (the rate for product 'pro') = 37.04 EUR.", quote.Explanation);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("basic")]
    public void A_product_without_override_earns_the_plan_rate(string? productId)
    {
        var quote = CommissionCalculator.Calculate(WithOverrides, Sale(productId, 10_000));

        Assert.Equal(new Money(2000, "EUR"), quote!.Amount);
        Assert.Equal("20% of 100.00 EUR = 20.00 EUR.", quote.Explanation);
    }

    [Fact]
    public void A_quote_carries_the_plan_version()
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(20) with { Version = 3 }, Sample.Conversion());

        Assert.Equal(3, quote!.PlanVersion);
    }

    [Fact]
    public void A_renewal_after_the_window_earns_nothing_and_says_why()
    {
        var plan = CommissionPlan.OfPercent(20) with { RecurringMonths = 6 };

        var calculation = CommissionCalculator.Decide(plan, Renewal(FirstSale.AddMonths(7)), FirstSale);

        Assert.Null(calculation.Quote);
        Assert.Equal("Renewal in month 7 after the customer's first sale on 2025-01-15; the plan pays renewals for 6 months only, so this one earns nothing.", calculation.Reason);
    }

    [Fact]
    public void A_renewal_inside_the_window_says_which_month_it_is()
    {
        var plan = CommissionPlan.OfPercent(20) with { RecurringMonths = 6 };

        var quote = CommissionCalculator.Decide(plan, Renewal(FirstSale.AddMonths(6)), FirstSale).Quote;

        Assert.Equal("Renewal in month 6 of the 6 months the plan pays after the first sale on 2025-01-15: 20% of 100.00 EUR = 20.00 EUR.", quote!.Explanation);
    }

    [Fact]
    public void A_renewal_without_a_known_first_sale_counts_as_inside_the_window_and_says_so()
    {
        var plan = CommissionPlan.OfPercent(20) with { RecurringMonths = 6 };

        var quote = CommissionCalculator.Decide(plan, Renewal(FirstSale.AddYears(3)), null).Quote;

        Assert.NotNull(quote);
        Assert.StartsWith("Renewal (the customer's first sale is not known, so it counts as within the plan's 6 months): ", quote.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_with_zero_recurring_months_pays_no_renewal()
    {
        var plan = CommissionPlan.OfPercent(20) with { RecurringMonths = 0 };

        Assert.Null(CommissionCalculator.Decide(plan, Renewal(FirstSale.AddMonths(1)), FirstSale).Quote);
        Assert.NotNull(CommissionCalculator.Decide(plan, Sample.Conversion(), null).Quote);
    }

    [Property]
    public Property Renewal_months_one_to_N_pay_and_month_N_plus_one_does_not() =>
        Prop.ForAll(Gen.Choose(1, 60).ToArbitrary(), Gen.Choose(0, 27).ToArbitrary(), Gen.Choose(0, 23).ToArbitrary(), (window, day, hour) =>
        {
            var since = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day).AddHours(hour);
            var plan = CommissionPlan.OfFlat(500) with { RecurringMonths = window };
            var paying = Enumerable.Range(1, window).All(month => CommissionCalculator.Decide(plan, Renewal(since.AddMonths(month)), since).Quote is not null);
            var after = CommissionCalculator.Decide(plan, Renewal(since.AddMonths(window + 1)), since);
            return paying && after.Quote is null && after.Reason.Contains($"month {window + 1}", StringComparison.Ordinal);
        });

    [Property]
    public Property A_lifetime_plan_pays_every_renewal_forever() =>
        Prop.ForAll(Gen.Choose(1, 1200).ToArbitrary(), Gen.Choose(1, 1_000_000).ToArbitrary(), (month, amount) =>
        {
            var plan = CommissionPlan.OfPercent(10) with { Recurring = CommissionRecurrence.Lifetime };
            var quote = CommissionCalculator.Decide(plan, Renewal(FirstSale.AddMonths(month), amount), FirstSale).Quote;
            return quote is not null && quote.Amount == new Money(amount, "EUR").Percent(10);
        });

    [Fact]
    public void A_plan_that_gives_both_recurring_months_and_lifetime_is_refused()
    {
        var errors = new ValidationErrors();

        (CommissionPlan.OfPercent(20) with { RecurringMonths = 6, Recurring = CommissionRecurrence.Lifetime }).Validate(errors, "plan");

        Assert.Contains("plan.recurring", errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_override_naming_both_a_product_and_a_category_or_no_rate_is_refused()
    {
        var errors = new ValidationErrors();

        (CommissionPlan.OfPercent(20) with { Overrides = [new CommissionOverride(ProductId: "pro", Category: "x", Percent: 10), new CommissionOverride(ProductId: "basic")] }).Validate(errors, "plan");

        Assert.Equal(2, errors.ToDictionary().Keys.Count(key => key.StartsWith("plan.overrides[", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_lead_plan_without_amount_is_refused()
    {
        var errors = new ValidationErrors();

        new CommissionPlan(CommissionPlanKind.Lead).Validate(errors, "plan");

        Assert.Contains("plan.amount", errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_plan_describes_all_its_rules()
    {
        var plan = WithOverrides with { LeadAmount = 200, RecurringMonths = 6 };

        Assert.Equal(
            "20% of every sale; 2.00 EUR per qualified lead; 5.00 EUR per sale in the 'hardware' category; 30% for product 'pro'; 5% for product 'drill'; renewals for 6 months",
            plan.Describe("EUR"));
    }

    private static Conversion Lead() => Sample.Conversion(ConversionType.Lead, amount: 0);

    private static Conversion Sale(string? productId, long amount) => Sample.Conversion(amount: amount) with { ProductId = productId };

    private static Conversion Renewal(DateTimeOffset at, long amount = 10_000) =>
        Sample.Conversion(ConversionType.Renewal, amount: amount, occurredAt: at, eventId: "evt_" + at.ToUnixTimeSeconds());
}
