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

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:192.0.2.1")]
    public void A_connection_address_hashes_like_its_text(string ipAddress)
    {
        using var hasher = new VisitorHasher(Salt);
        var address = System.Net.IPAddress.Parse(ipAddress);

        Assert.Equal(hasher.Hash(address.ToString()), hasher.Hash(address));
    }

    [Fact]
    public void Hashing_from_many_threads_at_once_gives_the_same_hashes()
    {
        using var hasher = new VisitorHasher(Salt);
        var expected = Enumerable.Range(0, 64).Select(i => hasher.Hash($"10.0.0.{i}")).ToArray();

        var actual = new string[64];
        Parallel.For(0, 64 * 50, i => actual[i % 64] = hasher.Hash($"10.0.0.{i % 64}"));

        Assert.Equal(expected, actual);
    }
}
