using Referrals.Core.Conversions;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Conversions;

public class ConversionDraftTests
{
    private static readonly ConversionDraft ValidSale = new(
        "evt_1",
        ConversionType.Sale,
        4999,
        "EUR",
        "cus_42",
        ClickId.New(Sample.LinkCode, Sample.Now.AddDays(-2)).ToString(),
        "SPRING25",
        "plan-pro",
        Sample.Now.AddMinutes(-1));

    [Fact]
    public void A_complete_sale_has_no_errors()
    {
        Assert.True(ValidSale.Validate(Sample.Program(), Sample.Now).IsEmpty);
    }

    [Fact]
    public void A_lead_needs_no_amount()
    {
        var lead = new ConversionDraft("evt_2", ConversionType.Lead, null, "EUR", "cus_42");

        Assert.True(lead.Validate(Sample.Program(), Sample.Now).IsEmpty);
    }

    [Theory]
    [InlineData("eventId", "missing event id")]
    [InlineData("eventId", "long event id")]
    [InlineData("eventId", "control character in event id")]
    [InlineData("type", "missing type")]
    [InlineData("type", "unknown type")]
    [InlineData("amount", "sale without amount")]
    [InlineData("amount", "free sale")]
    [InlineData("amount", "negative amount")]
    [InlineData("amount", "amount over the maximum")]
    [InlineData("currency", "lower case currency")]
    [InlineData("currency", "missing currency")]
    [InlineData("customerId", "missing customer")]
    [InlineData("customerId", "long customer id")]
    [InlineData("clickId", "malformed click id")]
    [InlineData("code", "long code")]
    [InlineData("productId", "long product id")]
    [InlineData("occurredAt", "in the future")]
    [InlineData("occurredAt", "over a year ago")]
    public void A_bad_field_is_named_in_the_errors(string field, string problem)
    {
        var draft = problem switch
        {
            "missing event id" => ValidSale with { EventId = " " },
            "long event id" => ValidSale with { EventId = new string('e', 201) },
            "control character in event id" => ValidSale with { EventId = "evt\n1" },
            "missing type" => ValidSale with { Type = null },
            "unknown type" => ValidSale with { Type = (ConversionType)9 },
            "sale without amount" => ValidSale with { Amount = null },
            "free sale" => ValidSale with { Amount = 0 },
            "negative amount" => ValidSale with { Amount = -1 },
            "amount over the maximum" => ValidSale with { Amount = Money.MaxAmount + 1 },
            "lower case currency" => ValidSale with { Currency = "eur" },
            "missing currency" => ValidSale with { Currency = null },
            "missing customer" => ValidSale with { CustomerId = null },
            "long customer id" => ValidSale with { CustomerId = new string('c', 201) },
            "malformed click id" => ValidSale with { ClickId = "not-a-click" },
            "long code" => ValidSale with { Code = new string('C', 101) },
            "long product id" => ValidSale with { ProductId = new string('p', 201) },
            "in the future" => ValidSale with { OccurredAt = Sample.Now + ConversionDraft.AllowedClockSkew + TimeSpan.FromSeconds(1) },
            "over a year ago" => ValidSale with { OccurredAt = Sample.Now - ConversionDraft.MaxAge - TimeSpan.FromSeconds(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        var errors = draft.Validate(Sample.Program(), Sample.Now).ToDictionary();

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_time_a_little_ahead_of_ours_is_accepted_as_clock_skew()
    {
        var draft = ValidSale with { OccurredAt = Sample.Now.AddMinutes(4) };

        Assert.True(draft.Validate(Sample.Program(), Sample.Now).IsEmpty);
    }

    [Fact]
    public void The_same_event_of_the_same_source_becomes_the_same_conversion_id()
    {
        var first = ValidSale.ToConversion(Sample.ProgramId, "api", Sample.Now);
        var again = (ValidSale with { Amount = 1 }).ToConversion(Sample.ProgramId, "api", Sample.Now.AddHours(1));

        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public void The_same_event_id_from_another_source_is_another_conversion()
    {
        var fromApi = ValidSale.ToConversion(Sample.ProgramId, "api", Sample.Now);
        var fromStripe = ValidSale.ToConversion(Sample.ProgramId, "stripe", Sample.Now);

        Assert.NotEqual(fromApi.Id, fromStripe.Id);
    }

    [Fact]
    public void A_conversion_without_time_happened_when_it_was_received()
    {
        var conversion = (ValidSale with { OccurredAt = null }).ToConversion(Sample.ProgramId, "api", Sample.Now);

        Assert.Equal(Sample.Now, conversion.OccurredAt);
        Assert.Equal(Sample.Now, conversion.ReceivedAt);
    }

    [Fact]
    public void A_lead_without_amount_is_worth_nothing_in_the_program_currency()
    {
        var lead = new ConversionDraft("evt_2", ConversionType.Lead, null, "EUR", "cus_42");

        Assert.Equal(Money.Zero("EUR"), lead.ToConversion(Sample.ProgramId, "api", Sample.Now).Amount);
    }

    [Theory]
    [InlineData(" SPRING25 ", "SPRING25")]
    [InlineData("  ", null)]
    public void The_referral_code_is_kept_without_surrounding_spaces(string code, string? expected)
    {
        var conversion = (ValidSale with { Code = code }).ToConversion(Sample.ProgramId, "api", Sample.Now);

        Assert.Equal(expected, conversion.Code);
    }
}
