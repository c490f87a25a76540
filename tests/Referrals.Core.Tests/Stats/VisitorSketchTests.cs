using Referrals.Core.Stats;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Stats;

public class VisitorSketchTests
{
    private static readonly VisitorHasher Hasher = new("unique-visitor-test-salt"u8);

    [Fact]
    public void The_estimate_of_100000_visitors_is_within_the_stated_bound()
    {
        var sketch = new VisitorSketch();
        for (var i = 0; i < 100_000; i++)
        {
            sketch.Add(Visitor(i));
        }

        var error = Math.Abs(sketch.Estimate() - 100_000) / 100_000.0;

        Assert.True(error <= VisitorSketch.ErrorBound, $"estimate {sketch.Estimate()} is {error:P2} off; bound {VisitorSketch.ErrorBound:P1}");
        Assert.InRange(VisitorSketch.StandardError, 0.008, 0.0082);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(250)]
    [InlineData(3_000)]
    [InlineData(30_000)]
    public void Estimates_stay_within_the_bound_at_every_size(int visitors)
    {
        var sketch = new VisitorSketch();
        for (var i = 0; i < visitors; i++)
        {
            sketch.Add(Visitor(i + 1_000_000));
        }

        Assert.InRange(sketch.Estimate(), visitors * (1 - VisitorSketch.ErrorBound) - 0.5, visitors * (1 + VisitorSketch.ErrorBound) + 0.5);
    }

    [Fact]
    public void Adding_the_same_visitors_again_changes_nothing()
    {
        var sketch = new VisitorSketch();
        var visitors = Enumerable.Range(0, 1_000).Select(Visitor).ToArray();
        foreach (var visitor in visitors)
        {
            sketch.Add(visitor);
        }

        var before = sketch.Estimate();
        var changed = visitors.Count(sketch.Add);

        Assert.Equal(0, changed);
        Assert.Equal(before, sketch.Estimate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20_000)]
    public void A_sketch_survives_its_bytes_sparse_or_dense(int visitors)
    {
        var sketch = new VisitorSketch();
        for (var i = 0; i < visitors; i++)
        {
            sketch.Add(Visitor(i));
        }

        var bytes = sketch.ToBytes();
        var back = VisitorSketch.FromBytes(bytes);

        Assert.Equal(sketch.Estimate(), back.Estimate());
        Assert.Equal(bytes, back.ToBytes());
        Assert.True(visitors > 1_000 || bytes.Length <= 2 + (3 * visitors), $"{visitors} visitors took {bytes.Length} bytes");
    }

    [Fact]
    public void Visitor_hashes_that_are_not_hex_are_counted_too()
    {
        var sketch = new VisitorSketch();

        sketch.Add("v1");
        sketch.Add("v2");
        sketch.Add("v1");

        Assert.Equal(2, sketch.Estimate());
    }

    [Fact]
    public void Unknown_bytes_are_refused()
    {
        Assert.Throws<FormatException>(() => VisitorSketch.FromBytes([9, 0]));
        Assert.Throws<FormatException>(() => VisitorSketch.FromBytes([1, 1, 0]));
    }

    private static string Visitor(int i) => Hasher.Hash($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}:{i}");
}
