using Referrals.Core.Access;

namespace Referrals.Core.Tests.Access;

public class ApiKeyTests
{
    private static readonly ApiKey Key = new("key_1", "Shop server", ApiKeyRoles.Shop, Sample.Now) { ProgramId = Sample.ProgramId };

    [Fact]
    public void A_key_without_expiry_is_active_until_revoked()
    {
        Assert.True(Key.IsActiveAt(Sample.Now.AddYears(10)));
    }

    [Fact]
    public void An_expiring_key_is_active_until_its_expiry_and_not_at_it()
    {
        var key = Key with { ExpiresAt = Sample.Now.AddDays(1) };

        Assert.True(key.IsActiveAt(Sample.Now.AddDays(1).AddTicks(-1)));
        Assert.False(key.IsActiveAt(Sample.Now.AddDays(1)));
    }

    [Fact]
    public void A_revoked_key_is_inactive_even_at_a_time_before_its_revocation()
    {
        var revoked = Key.Revoke("admin", Sample.Now.AddDays(5));

        Assert.False(revoked.IsActiveAt(Sample.Now.AddDays(6)));
        Assert.False(revoked.IsActiveAt(Sample.Now.AddDays(1)));
    }

    [Fact]
    public void Revoking_again_keeps_the_first_revocation()
    {
        var first = Key.Revoke("alice", Sample.Now);

        var second = first.Revoke("bob", Sample.Now.AddHours(1));

        Assert.Equal("alice", second.RevokedBy);
        Assert.Equal(Sample.Now, second.RevokedAt);
    }
}
