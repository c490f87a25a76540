using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class ClicksRecordedBatchTests
{
    private static readonly DateOnly March14 = new(2025, 3, 14);

    [Fact]
    public void A_batch_of_one_flush_is_named_by_the_flush()
    {
        var batch = ClicksRecordedBatch.Of([Flush("flush_a")]);

        Assert.Equal("flush_a", batch.EventId);
    }

    [Fact]
    public void A_batch_of_several_is_named_by_all_its_flushes_so_only_the_same_batch_has_the_same_name()
    {
        var ab = ClicksRecordedBatch.Of([Flush("flush_a"), Flush("flush_b")]);

        Assert.Equal(ab.EventId, ClicksRecordedBatch.Of([Flush("flush_a"), Flush("flush_b")]).EventId);
        Assert.NotEqual(ab.EventId, ClicksRecordedBatch.Of([Flush("flush_a"), Flush("flush_c")]).EventId);
        Assert.NotEqual(ab.EventId, ClicksRecordedBatch.Of([Flush("flush_a"), Flush("flush_b"), Flush("flush_c")]).EventId);
        Assert.NotEqual("flush_a", ab.EventId);
        Assert.Matches("^flushes_[a-z2-7]{26}$", ab.EventId);
    }

    [Fact]
    public void Splitting_keeps_the_order_and_stops_at_the_most_flushes_a_message_carries()
    {
        var flushes = Enumerable.Range(0, 2 * ClicksRecordedBatch.MaxFlushes + 2).Select(i => Flush($"flush_{i:000}")).ToArray();

        var batches = ClicksRecordedBatch.Split(flushes).ToArray();

        Assert.Equal([ClicksRecordedBatch.MaxFlushes, ClicksRecordedBatch.MaxFlushes, 2], batches.Select(batch => batch.Flushes.Count));
        Assert.Equal(flushes.Select(flush => flush.EventId), batches.SelectMany(batch => batch.Flushes).Select(flush => flush.EventId));
    }

    [Fact]
    public void Splitting_keeps_each_message_within_its_estimated_size_and_sends_an_oversized_flush_alone()
    {
        // About 10 KiB each: three fit in 32 KiB, a fourth does not.
        var flushes = Enumerable.Range(0, 7).Select(i => Flush($"flush_{i}", visitors: 300)).ToList();
        flushes.Insert(3, Flush("flush_big", visitors: 1_200));

        var batches = ClicksRecordedBatch.Split(flushes).ToArray();

        Assert.Equal([3, 1, 3, 1], batches.Select(batch => batch.Flushes.Count));
        Assert.Equal("flush_big", Assert.Single(batches[1].Flushes).EventId);
        Assert.All(batches.Where(batch => batch.Flushes.Count > 1), batch =>
            Assert.InRange(batch.Flushes.Sum(flush => flush.EstimatedBytes()), 0, ClicksRecordedBatch.MaxEstimatedBytes));
    }

    [Fact]
    public void A_batch_needs_a_flush()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClicksRecordedBatch.Of([]));
        Assert.Empty(ClicksRecordedBatch.Split([]));
    }

    /// <summary>A flush of one partner and link with <paramref name="visitors"/> distinct visitor hashes (32 hex characters, as <see cref="VisitorHasher"/> makes them).</summary>
    internal static ClicksRecorded Flush(string id, int visitors = 1) => new(
        id,
        [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, visitors, 0, [.. Enumerable.Range(0, visitors).Select(i => $"{i:x32}")])],
        [$"{Sample.LinkCode}.p25031412c.{id}.0"]);
}
