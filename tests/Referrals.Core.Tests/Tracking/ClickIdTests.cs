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

            return parsed && back == id && back.ToString() == id.ToString() && back.Partition == id.Partition;
        });

    [Fact]
    public void New_id_carries_the_link_and_the_UTC_hour_of_the_click()
    {
        var id = ClickId.New(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 12, 34, 56, TimeSpan.FromHours(2)));

        Assert.Equal(Sample.LinkCode, id.LinkCode);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), id.Hour);
        Assert.Matches("^[a-z2-7]{13}$", id.Key);
    }

    [Fact]
    public void New_ids_for_the_same_link_and_hour_differ()
    {
        var first = ClickId.New(Sample.LinkCode, Sample.Now);
        var second = ClickId.New(Sample.LinkCode, Sample.Now);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Id_text_is_link_hour_and_key()
    {
        var id = new ClickId(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), "abc234");

        Assert.Equal("AbCd1234.25031410.abc234", id.ToString());
    }

    [Fact]
    public void Partition_is_the_link_code_and_the_hour()
    {
        var id = ClickId.New(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 10, 59, 59, TimeSpan.Zero));

        Assert.Equal("AbCd1234-2025031410", id.Partition);
    }

    [Fact]
    public void Partition_is_the_same_for_the_same_hour_written_in_another_offset()
    {
        var utc = new ClickId(Sample.LinkCode, new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), "abc234");
        var local = utc with { Hour = utc.Hour.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(utc, local);
        Assert.Equal(utc.Partition, local.Partition);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AbCd1234.25031410")]
    [InlineData("AbCd1234.25031410.abc.def")]
    [InlineData("AbCd1234_25031410_abc")]
    [InlineData("Abc.25031410.abc")]
    [InlineData("AbCd-234.25031410.abc")]
    [InlineData("AbCd1234.25031425.abc")]
    [InlineData("AbCd1234.25023010.abc")]
    [InlineData("AbCd1234.2503141.abc")]
    [InlineData("AbCd1234.250314100.abc")]
    [InlineData("AbCd1234.25031410.")]
    [InlineData("AbCd1234.25031410.ABC")]
    [InlineData("AbCd1234.25031410.abc1")]
    [InlineData("AbCd1234.25031410.abc<script>")]
    public void TryParse_refuses_malformed_ids(string? value)
    {
        Assert.False(ClickId.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_takes_the_longest_id_it_can_issue()
    {
        var longest = new string('A', 32) + ".25031410." + new string('a', 32);

        Assert.True(ClickId.TryParse(longest, out _));
    }

    [Fact]
    public void TryParse_refuses_ids_longer_than_80_characters()
    {
        var tooLong = new string('A', 32) + ".25031410." + new string('a', 39);

        Assert.False(ClickId.TryParse(tooLong, out _));
    }

    private static Arbitrary<ClickId> ValidIds() =>
        (from code in Text(LinkAlphabet, 4, 32)
         from hours in Gen.Choose(0, (49 * 365 * 24) + 8_000)
         from key in Text(KeyAlphabet, 1, 32)
         select new ClickId(code, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hours), key))
        .ToArbitrary();

    private static Gen<string> Text(string alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.Elements(alphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);
}
