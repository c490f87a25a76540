using Referrals.Core.Joining;

namespace Referrals.Core.Tests.Joining;

public sealed class ProgramSlugTests
{
    [Theory]
    [InlineData("Acme Partners", "acme-partners")]
    [InlineData("  Café Crème — Affiliates! ", "caf-cr-me-affiliates")]
    [InlineData("X", "program-x")]
    [InlineData("!!!", "program")]
    public void A_name_becomes_a_valid_slug(string name, string slug)
    {
        Assert.Equal(slug, ProgramSlug.FromName(name));
        Assert.True(ProgramSlug.IsValid(ProgramSlug.FromName(name)));
    }

    [Theory]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac")]
    [InlineData("Acme")]
    [InlineData("ac--me")]
    [InlineData("ac me")]
    public void Malformed_slugs_are_refused(string slug) => Assert.False(ProgramSlug.IsValid(slug));

    [Theory]
    [InlineData("ada@trusted.example", true)]
    [InlineData("ada@TRUSTED.example", true)]
    [InlineData("ada@sub.trusted.example", false)]
    [InlineData("ada@elsewhere.example", false)]
    public void Automatic_approval_can_be_limited_to_listed_domains(string email, bool approved) =>
        Assert.Equal(approved, new JoinSettings(AutoApprove: true, ["trusted.example"], EmailRejections: true, null).ApprovesAutomatically(email));

    [Fact]
    public void Without_automatic_approval_every_application_waits() =>
        Assert.False(JoinSettings.Default.ApprovesAutomatically("ada@example.com"));
}
