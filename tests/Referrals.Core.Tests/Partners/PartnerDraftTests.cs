using Referrals.Core.Partners;

namespace Referrals.Core.Tests.Partners;

public class PartnerDraftTests
{
    private static readonly PartnerDraft Valid = new("Ada Lovelace", "ada@example.com", PartnerType.Affiliate);

    [Fact]
    public void A_complete_draft_has_no_errors()
    {
        Assert.True(Valid.Validate().IsEmpty);
    }

    [Fact]
    public void A_new_partner_is_active_unless_told_otherwise()
    {
        var partner = Valid.ToPartner("prt_1", Sample.ProgramId, Sample.Now);

        Assert.Equal(PartnerStatus.Active, partner.Status);
    }

    [Fact]
    public void A_new_partner_keeps_the_status_it_was_given()
    {
        var partner = (Valid with { Status = PartnerStatus.Pending }).ToPartner("prt_1", Sample.ProgramId, Sample.Now);

        Assert.Equal(PartnerStatus.Pending, partner.Status);
    }

    [Fact]
    public void Name_and_email_are_stored_without_surrounding_spaces()
    {
        var partner = new PartnerDraft(" Ada ", " ada@example.com ", PartnerType.Referrer).ToPartner("prt_1", Sample.ProgramId, Sample.Now);

        Assert.Equal("Ada", partner.Name);
        Assert.Equal("ada@example.com", partner.Email);
    }

    [Theory]
    [InlineData("name", "blank name")]
    [InlineData("name", "long name")]
    [InlineData("email", "missing email")]
    [InlineData("email", "not an address")]
    [InlineData("email", "display name")]
    [InlineData("email", "two addresses")]
    [InlineData("type", "missing type")]
    [InlineData("type", "unknown type")]
    [InlineData("status", "unknown status")]
    public void A_bad_field_is_named_in_the_errors(string field, string problem)
    {
        var draft = problem switch
        {
            "blank name" => Valid with { Name = "" },
            "long name" => Valid with { Name = new string('n', 201) },
            "missing email" => Valid with { Email = null },
            "not an address" => Valid with { Email = "ada.example.com" },
            "display name" => Valid with { Email = "Ada <ada@example.com>" },
            "two addresses" => Valid with { Email = "ada@example.com, bob@example.com" },
            "missing type" => Valid with { Type = null },
            "unknown type" => Valid with { Type = (PartnerType)42 },
            "unknown status" => Valid with { Status = (PartnerStatus)42 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        var errors = draft.Validate().ToDictionary();

        Assert.Equal([field], errors.Keys);
    }
}
