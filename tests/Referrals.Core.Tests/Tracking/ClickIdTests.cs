using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class ClickIdTests
{
    private const string LinkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string KeyAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    [Property]
    public Property Any_valid_id_survives_ToString_and_TryParse() =>
        Prop.ForAll(ValidIds(), id =>
        {
            var parsed = ClickId.TryParse(id.ToString(), out var back);

            return parsed && back == id && back.ToString() == id.ToString() && back.Entry == id.Entry && back.FlushId == id.FlushId;
        });

    [Fact]
    public void New_id_carries_the_link_and_the_UTC_hour_of_the_click()
    {
        var id = ClickId.New(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 12, 34, 56, TimeSpan.FromHours(2)));

        Assert.Equal(Sample.LinkCode, id.LinkCode);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), id.Hour);
        Assert.Matches("^[a-z2-7]{12}$", id.Flush);
    }

    [Fact]
    public void New_ids_for_the_same_link_and_hour_differ()
    {
        var first = ClickId.New(Sample.LinkCode, Sample.Now);
        var second = ClickId.New(Sample.LinkCode, Sample.Now);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Id_text_is_link_then_version_hour_and_shard_then_flush_then_index()
    {
        var id = new ClickId(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), 2, "abcdefgh2345", 17);

        Assert.Equal("AbCd1234.p25031410c.abcdefgh2345.17", id.ToString());
    }

    [Fact]
    public void Clicks_of_one_flush_share_its_flush_id_whatever_their_link_and_index()
    {
        var hour = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var first = new ClickId("LinkAAAA", hour, 3, "abcdefgh2345", 0);
        var other = new ClickId("LinkBBBB", hour, 3, "abcdefgh2345", 41);

        Assert.Equal(first.FlushId, other.FlushId);
        Assert.NotEqual(first.Entry, other.Entry);
    }

    [Fact]
    public void An_id_is_the_same_for_the_same_hour_written_in_another_offset()
    {
        var utc = new ClickId(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), 1, "abcdefgh2345", 3);
        var local = utc with { Hour = utc.Hour.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(utc, local);
        Assert.Equal(utc.ToString(), local.ToString());
        Assert.Equal(utc.FlushId, local.FlushId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AbCd1234.25031410.aaaaaaaaaaaaa")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.1.2")]
    [InlineData("AbCd1234_p25031410a_abcdefgh2345_1")]
    [InlineData("Abc.p25031410a.abcdefgh2345.1")]
    [InlineData("AbCd-234.p25031410a.abcdefgh2345.1")]
    [InlineData("AbCd1234.q25031410a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p25031425a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p25023010a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p2503141a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p250314100a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p25031410z.abcdefgh2345.1")]
    [InlineData("AbCd1234.p25031410A.abcdefgh2345.1")]
    [InlineData("AbCd1234.p2503141-1a.abcdefgh2345.1")]
    [InlineData("AbCd1234.p25031410a.abcdefgh234.1")]
    [InlineData("AbCd1234.p25031410a.abcdefgh23456.1")]
    [InlineData("AbCd1234.p25031410a.ABCDEFGH2345.1")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2341.1")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.01")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.-1")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.4096")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.1e3")]
    [InlineData("AbCd1234.p25031410a.abcdefgh2345.<script>")]
    public void TryParse_refuses_malformed_ids(string? value)
    {
        Assert.False(ClickId.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_takes_the_longest_id_it_can_issue()
    {
        var longest = new string('A', 32) + ".p25031410h.abcdefgh2345.4095";

        Assert.True(ClickId.TryParse(longest, out var id));
        Assert.Equal((7, 4095), (id.Shard, id.Index));
    }

    [Fact]
    public void TryParse_refuses_ids_longer_than_80_characters()
    {
        var tooLong = new string('A', 60) + ".p25031410h.abcdefgh2345.4095";

        Assert.False(ClickId.TryParse(tooLong, out _));
    }

    private static Arbitrary<ClickId> ValidIds() =>
        (from code in Text(LinkAlphabet, 4, 32)
         from hours in Gen.Choose(0, (49 * 365 * 24) + 8_000)
         from shard in Gen.Choose(0, ClickId.ShardCount - 1)
         from flush in Text(KeyAlphabet, ClickId.FlushLength, ClickId.FlushLength)
         from index in Gen.Choose(0, ClickId.MaxIndex)
         select new ClickId(code, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hours), shard, flush, index))
        .ToArbitrary();

    private static Gen<string> Text(string alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.Elements(alphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);
}
