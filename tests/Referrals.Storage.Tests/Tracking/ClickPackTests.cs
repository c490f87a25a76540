using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Tracking;
using Referrals.Storage.Tracking;

namespace Referrals.Storage.Tests.Tracking;

public class ClickPackTests
{
    private static readonly ClickId Entry = new("AbCd1234", new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), 5, "abcdefgh2345", 0);

    [Property(MaxTest = 200)]
    public Property Any_clicks_survive_encoding_in_any_chunk_size() =>
        Prop.ForAll(Clicks(), Gen.Choose(1, 300).ToArbitrary(), (clicks, chunkSize) =>
        {
            var chunks = ClickPack.Encode(clicks, chunkSize);
            var back = ClickPack.Decode(Entry with { Index = 3 }, chunks);

            return chunks.All(chunk => chunk.Length <= chunkSize) && back.SequenceEqual(clicks);
        });

    [Property(MaxTest = 200)]
    public Property The_encoded_size_never_exceeds_the_bound_the_recorder_budgets_with() =>
        Prop.ForAll(Clicks(), clicks =>
            ClickPack.Encode(clicks, int.MaxValue).Single().Length
                <= ClickPack.HeaderSize + clicks.Sum(click => ClickPack.MaxEncodedSize(Draft(click))));

    [Fact]
    public void A_payload_over_64_KiB_is_split_into_64_KiB_chunks_and_read_back_whole()
    {
        var clicks = Enumerable.Range(0, ClickId.MaxIndex + 1)
            .Select(i => new Click(
                Entry with { Index = i },
                "prg_shop",
                "prt_" + i,
                TestData.Now.AddMilliseconds(i),
                Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 7919).Concat(BitConverter.GetBytes((long)i)).ToArray()),
                UserAgentClass.Mobile,
                $"site{i}.example.org",
                i % 5 == 0))
            .ToArray();

        var chunks = ClickPack.Encode(clicks);

        Assert.True(chunks.Count > 1, $"{chunks.Sum(chunk => chunk.Length)} bytes fit in one chunk.");
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, ClickPack.ChunkSize));
        Assert.True(chunks.Sum(chunk => chunk.Length) <= ClickPack.MaxPayloadSize);
        Assert.Equal(clicks, ClickPack.Decode(Entry, chunks));
    }

    [Fact]
    public void A_typical_click_takes_about_two_dozen_bytes()
    {
        var clicks = Enumerable.Range(0, 500)
            .Select(i => new Click(Entry with { Index = i }, "prg_shop", "prt_ada", TestData.Now.AddTicks(i * 40_000), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), UserAgentClass.Desktop, "news.example.org", false))
            .ToArray();

        var size = ClickPack.Encode(clicks).Sum(chunk => chunk.Length);

        Assert.InRange(size / 500.0, 20, 26);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 })]
    public void A_damaged_or_unknown_payload_is_refused(byte[] payload)
    {
        Assert.Throws<FormatException>(() => ClickPack.Decode(Entry, [payload]));
    }

    private static ClickDraft Draft(Click click) =>
        new(click.LinkCode, click.ProgramId, click.PartnerId, click.OccurredAt, click.VisitorHash, click.UserAgentClass, click.ReferrerHost, click.IsBot);

    private static Arbitrary<Click[]> Clicks() =>
        (from count in Gen.Choose(0, 40)
         from clicks in Click().ArrayOf(count)
         select clicks.Select((click, i) => click with { Id = Entry with { Index = i } }).ToArray())
        .ToArbitrary();

    private static Gen<Click> Click() =>
        from program in Text()
        from partner in Gen.OneOf(Text(), Gen.Constant("prt_ada"))
        from ticks in Gen.Choose(0, int.MaxValue).Select(t => TimeSpan.TicksPerDay + (t * 4_000_000L))
        from offset in Gen.Choose(-14 * 60, 14 * 60)
        from visitor in Gen.OneOf(Text(), Gen.Elements(0, 1, 2).Select(i => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())))
        from userAgent in Gen.Elements(Enum.GetValues<UserAgentClass>())
        from referrer in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(text => (string?)text))
        from bot in Gen.Elements(true, false)
        select new Click(Entry, program, partner, new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offset)), visitor, userAgent, referrer, bot);

    private static Gen<string> Text() =>
        from parts in Gen.Elements("a", "Z", "0", "_", "-", ".", "é", "漢", "😀", " ", "prg_", "x").ArrayOf()
        select string.Concat(parts);
}
