using Referrals.Core.Access;

namespace Referrals.Core.Tests.Access;

public class ApiKeyDraftTests
{
    [Theory]
    [InlineData(ApiKeyRoles.Admin, null, null)]
    [InlineData(ApiKeyRoles.Finance, null, null)]
    [InlineData(ApiKeyRoles.Shop, Sample.ProgramId, null)]
    [InlineData(ApiKeyRoles.Partner, Sample.ProgramId, Sample.PartnerId)]
    public void Each_role_with_its_scope_is_valid(string role, string? programId, string? partnerId)
    {
        Assert.True(new ApiKeyDraft(role, "A key", programId, partnerId).Validate(Sample.Now).IsEmpty);
    }

    [Theory]
    [InlineData(ApiKeyRoles.Shop, null, null, "programId")]
    [InlineData(ApiKeyRoles.Partner, Sample.ProgramId, null, "partnerId")]
    [InlineData(ApiKeyRoles.Partner, null, Sample.PartnerId, "programId")]
    [InlineData(ApiKeyRoles.Admin, Sample.ProgramId, null, "programId")]
    [InlineData(ApiKeyRoles.Finance, null, Sample.PartnerId, "partnerId")]
    [InlineData(ApiKeyRoles.Shop, Sample.ProgramId, Sample.PartnerId, "partnerId")]
    [InlineData("owner", null, null, "role")]
    public void A_scope_that_does_not_fit_the_role_is_refused(string role, string? programId, string? partnerId, string field)
    {
        var errors = new ApiKeyDraft(role, "A key", programId, partnerId).Validate(Sample.Now);

        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_expiry_in_the_past_or_now_is_refused()
    {
        Assert.False(new ApiKeyDraft(ApiKeyRoles.Finance, "A key", ExpiresAt: Sample.Now).Validate(Sample.Now).IsEmpty);
        Assert.False(new ApiKeyDraft(ApiKeyRoles.Finance, "A key", ExpiresAt: Sample.Now.AddDays(-1)).Validate(Sample.Now).IsEmpty);
    }

    [Fact]
    public void An_expiry_beyond_the_longest_lifetime_is_refused()
    {
        Assert.True(new ApiKeyDraft(ApiKeyRoles.Finance, "A key", ExpiresAt: Sample.Now + ApiKeyDraft.MaxLifetime).Validate(Sample.Now).IsEmpty);
        Assert.False(new ApiKeyDraft(ApiKeyRoles.Finance, "A key", ExpiresAt: Sample.Now + ApiKeyDraft.MaxLifetime + TimeSpan.FromSeconds(1)).Validate(Sample.Now).IsEmpty);
    }
}
