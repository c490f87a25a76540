using System.Text;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class VisitorHasherTests
{
    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("a-salt-of-32-bytes-for-the-tests");

    [Fact]
    public void The_same_IP_gives_the_same_hash()
    {
        var hasher = new VisitorHasher(Salt);

        Assert.Equal(hasher.Hash("203.0.113.7"), new VisitorHasher(Salt).Hash("203.0.113.7"));
    }

    [Fact]
    public void Different_IPs_give_different_hashes()
    {
        var hasher = new VisitorHasher(Salt);

        Assert.NotEqual(hasher.Hash("203.0.113.7"), hasher.Hash("203.0.113.8"));
    }

    [Fact]
    public void Another_salt_gives_another_hash()
    {
        var otherSalt = Encoding.UTF8.GetBytes("another-salt-of-at-least-16-bytes");

        Assert.NotEqual(new VisitorHasher(Salt).Hash("203.0.113.7"), new VisitorHasher(otherSalt).Hash("203.0.113.7"));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8::1")]
    public void The_hash_never_contains_the_IP(string ipAddress)
    {
        var hash = new VisitorHasher(Salt).Hash(ipAddress);

        Assert.DoesNotContain(ipAddress, hash, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9a-f]{32}$", hash);
    }

    [Fact]
    public void A_salt_shorter_than_16_bytes_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new VisitorHasher(new byte[15]));

        Assert.Equal("salt", error.ParamName);
    }
}
