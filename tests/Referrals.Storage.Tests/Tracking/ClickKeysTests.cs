using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Tracking;
using Referrals.Storage.Tracking;

namespace Referrals.Storage.Tests.Tracking;

public class ClickKeysTests
{
    private const string LinkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string KeyAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly DateTimeOffset Hour = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Partition_key_is_the_shard_the_hour_and_the_link_code()
    {
        var id = new ClickId("AbCd1234", Hour, 7, "abcdefgh2345", 0);

        Assert.Equal("h-2025031410-AbCd1234", ClickKeys.PartitionKey(id));
        Assert.Equal("abcdefgh2345", ClickKeys.RowKey(id));
        Assert.StartsWith(ClickKeys.PartitionPrefix(7, Hour.AddMinutes(59).AddSeconds(59)), ClickKeys.PartitionKey(id), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_click_of_an_entry_has_its_keys_and_another_link_of_the_same_flush_has_another_partition()
    {
        var first = new ClickId("LinkAAAA", Hour, 3, "abcdefgh2345", 0);
        var later = first with { Index = 41 };
        var otherLink = first with { LinkCode = "LinkBBBB" };

        Assert.Equal((ClickKeys.PartitionKey(first), ClickKeys.RowKey(first)), (ClickKeys.PartitionKey(later), ClickKeys.RowKey(later)));
        Assert.NotEqual(ClickKeys.PartitionKey(first), ClickKeys.PartitionKey(otherLink));
    }

    [Fact]
    public void Each_shard_of_a_link_and_hour_is_a_partition_of_its_own()
    {
        var partitions = Enumerable.Range(0, ClickId.ShardCount)
            .Select(shard => ClickKeys.PartitionKey(new ClickId("AbCd1234", Hour, shard, "abcdefgh2345", 0)));

        Assert.Equal(ClickId.ShardCount, partitions.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Partition_key_is_the_same_for_the_same_hour_written_in_another_offset()
    {
        var utc = new ClickId("AbCd1234", Hour, 1, "abcdefgh2345", 3);
        var local = utc with { Hour = utc.Hour.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(ClickKeys.PartitionKey(utc), ClickKeys.PartitionKey(local));
    }

    [Property]
    public Property Any_entry_is_found_again_from_its_keys_and_link_code() =>
        Prop.ForAll(ValidIds(), id =>
            ClickKeys.FirstClickOf(ClickKeys.PartitionKey(id), ClickKeys.RowKey(id), id.LinkCode) == id.Entry);

    [Theory]
    [InlineData("", "abcdefgh2345", "AbCd1234")]
    [InlineData("c-2025031410-AbCd1234", "abcdefgh2345", null)]
    [InlineData("c-2025031410-AbCd1234", "abcdefgh2345", "OtherLnk")]
    [InlineData("c-2025031410-AbCd1234", "abcdefgh234", "AbCd1234")]
    [InlineData("z-2025031410-AbCd1234", "abcdefgh2345", "AbCd1234")]
    [InlineData("c_2025031410-AbCd1234", "abcdefgh2345", "AbCd1234")]
    [InlineData("c-2025031425-AbCd1234", "abcdefgh2345", "AbCd1234")]
    [InlineData("c-1925031410-AbCd1234", "abcdefgh2345", "AbCd1234")]
    [InlineData("c-2025031410", "abcdefgh2345", "AbCd1234")]
    public void Keys_this_layout_does_not_write_name_no_click(string partitionKey, string rowKey, string? linkCode)
    {
        Assert.Null(ClickKeys.FirstClickOf(partitionKey, rowKey, linkCode));
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
