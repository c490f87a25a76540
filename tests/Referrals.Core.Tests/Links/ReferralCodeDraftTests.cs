using Referrals.Core.Links;

namespace Referrals.Core.Tests.Links;

public class ReferralCodeDraftTests
{
    private static readonly ReferralCodeDraft Valid = new(Sample.PartnerId, "SPRING-25", 10);

    [Theory]
    [InlineData("ada")]
    [InlineData("SPRING_25")]
    [InlineData("0123456789012345678901234567890123456789")]
    public void A_well_formed_code_has_no_errors(string code)
    {
        Assert.True((Valid with { Code = code }).Validate().IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(100)]
    public void A_discount_is_optional_and_at_most_100_percent(int? discount)
    {
        Assert.True((Valid with { DiscountPercent = discount }).Validate().IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ab")]
    [InlineData("-spring")]
    [InlineData("spring 25")]
    [InlineData("spring25!")]
    [InlineData("01234567890123456789012345678901234567890")]
    public void A_malformed_code_is_refused(string? code)
    {
        Assert.Equal(["code"], (Valid with { Code = code }).Validate().ToDictionary().Keys);
    }

    [Fact]
    public void A_code_needs_a_partner()
    {
        Assert.Equal(["partnerId"], (Valid with { PartnerId = "" }).Validate().ToDictionary().Keys);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_discount_outside_0_to_100_percent_is_refused(int discount)
    {
        Assert.Equal(["discountPercent"], (Valid with { DiscountPercent = discount }).Validate().ToDictionary().Keys);
    }

    [Fact]
    public void Codes_compare_regardless_of_case_and_surrounding_spaces()
    {
        Assert.Equal(ReferralCode.Normalize("SPRING-25"), ReferralCode.Normalize(" spring-25 "));
    }
}
