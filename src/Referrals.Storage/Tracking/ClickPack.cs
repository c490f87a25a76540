using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tracking;

/// <summary>
/// The compact binary form of the clicks of one flush entity (one flush, one partition).
/// </summary>
/// <remarks>
/// Layout, version 1 (all integers unsigned LEB128 varints unless noted):
/// <code>
/// byte 1 (version) | count | string count | strings (length + UTF-8) | base ticks (8 bytes, little endian)
/// per click, in index order:
///   flags (byte: bit 0 bot, bit 1 has referrer, bit 2 visitor is 32 lower-case hex, bits 3-5 user-agent class)
///   occurred at (zig-zag varint of UTC ticks - base ticks) | program (string no.) | partner (string no.)
///   visitor (16 raw bytes, or string no.) | referrer (string no., when flagged)
/// </code>
/// Program, partner and referrer repeat within a flush, so each is written once in the string table;
/// a typical click costs about 23 bytes. The link code, hour, shard, flush key and index are not in
/// the payload: they are the entity's keys and the click's position. The payload is split into
/// chunks of at most <see cref="ChunkSize"/> bytes (the largest binary property Azure Tables takes).
/// </remarks>
internal static class ClickPack
{
    /// <summary>The format version written in the first byte.</summary>
    public const byte Version = 1;

    /// <summary>The largest chunk: Azure Tables' limit for one binary property.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The most bytes one flush entity's payload may take (upper bound of <see cref="MaxEncodedSize"/>
    /// summed over its clicks): four chunks, well under the 1 MiB entity limit.
    /// </summary>
    public const int MaxPayloadSize = 4 * ChunkSize;

    /// <summary>Fixed bytes of a payload besides its clicks.</summary>
    public const int HeaderSize = 1 + 5 + 5 + 8;

    private const int BotFlag = 1;
    private const int ReferrerFlag = 2;
    private const int HexVisitorFlag = 4;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>An upper bound of what <paramref name="click"/> adds to a payload, whatever else is in it.</summary>
    public static int MaxEncodedSize(ClickDraft click)
    {
        ArgumentNullException.ThrowIfNull(click);
        return 1 + 10 + (3 * 5) + 16 + StringSize(click.ProgramId) + StringSize(click.PartnerId) + StringSize(click.VisitorHash)
            + (click.ReferrerHost is null ? 0 : StringSize(click.ReferrerHost));
    }

    /// <summary>Encodes the clicks of one flush entity, in index order, as chunks of at most <paramref name="chunkSize"/> bytes.</summary>
    public static IReadOnlyList<byte[]> Encode(IReadOnlyList<Click> clicks, int chunkSize = ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new ArrayBufferWriter<byte>(clicks.Count * 24 + 16);
        var baseTicks = clicks.Count == 0 ? 0 : clicks[0].OccurredAt.UtcTicks;
        foreach (var click in clicks)
        {
            var hexVisitor = IsHex128(click.VisitorHash);
            var flags = (click.IsBot ? BotFlag : 0) | (click.ReferrerHost is null ? 0 : ReferrerFlag) | (hexVisitor ? HexVisitorFlag : 0)
                | (((int)click.UserAgentClass & 7) << 3);
            WriteByte(body, (byte)flags);
            WriteVarint(body, ZigZag(click.OccurredAt.UtcTicks - baseTicks));
            WriteVarint(body, (ulong)Intern(strings, click.ProgramId));
            WriteVarint(body, (ulong)Intern(strings, click.PartnerId));
            if (hexVisitor)
            {
                Convert.FromHexString(click.VisitorHash, body.GetSpan(16), out _, out _);
                body.Advance(16);
            }
            else
            {
                WriteVarint(body, (ulong)Intern(strings, click.VisitorHash));
            }

            if (click.ReferrerHost is { } referrer)
            {
                WriteVarint(body, (ulong)Intern(strings, referrer));
            }
        }

        var head = new ArrayBufferWriter<byte>(64);
        WriteByte(head, Version);
        WriteVarint(head, (ulong)clicks.Count);
        WriteVarint(head, (ulong)strings.Count);
        foreach (var text in strings.OrderBy(pair => pair.Value).Select(pair => pair.Key))
        {
            var length = Encoding.UTF8.GetByteCount(text);
            WriteVarint(head, (ulong)length);
            head.Advance(Encoding.UTF8.GetBytes(text, head.GetSpan(length)));
        }

        BinaryPrimitives.WriteInt64LittleEndian(head.GetSpan(8), baseTicks);
        head.Advance(8);

        var whole = new byte[head.WrittenCount + body.WrittenCount];
        head.WrittenSpan.CopyTo(whole);
        body.WrittenSpan.CopyTo(whole.AsSpan(head.WrittenCount));
        if (whole.Length <= chunkSize)
        {
            return [whole];
        }

        return [.. whole.Chunk(chunkSize)];
    }

    /// <summary>
    /// Decodes the clicks of the flush entity <paramref name="entity"/> names (any click id of it:
    /// link, hour, shard and flush are taken from it, the index from each click's position).
    /// </summary>
    /// <exception cref="FormatException">The payload is not a version this code reads, or is damaged.</exception>
    public static IReadOnlyList<Click> Decode(ClickId entity, IReadOnlyList<byte[]> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var whole = chunks.Count == 1 ? chunks[0] : [.. chunks.SelectMany(chunk => chunk)];
        var reader = new Reader(whole);
        if (reader.Byte() != Version)
        {
            throw new FormatException($"Click payload version {whole.FirstOrDefault()} is not one this version reads ({Version}).");
        }

        var count = reader.Count(ClickId.MaxIndex + 1);
        var strings = new string[reader.Count(whole.Length)];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = Encoding.UTF8.GetString(reader.Bytes(reader.Count(whole.Length)));
        }

        var baseTicks = BinaryPrimitives.ReadInt64LittleEndian(reader.Bytes(8));
        var clicks = new Click[count];
        for (var i = 0; i < count; i++)
        {
            var flags = reader.Byte();
            var ticks = checked(baseTicks + UnZigZag(reader.Varint()));
            var programId = strings[reader.Index(strings.Length)];
            var partnerId = strings[reader.Index(strings.Length)];
            var visitor = (flags & HexVisitorFlag) != 0
                ? Convert.ToHexStringLower(reader.Bytes(16))
                : strings[reader.Index(strings.Length)];
            var referrer = (flags & ReferrerFlag) != 0 ? strings[reader.Index(strings.Length)] : null;
            clicks[i] = new Click(
                entity with { Index = i },
                programId,
                partnerId,
                new DateTimeOffset(ticks, TimeSpan.Zero),
                visitor,
                (UserAgentClass)((flags >> 3) & 7),
                referrer,
                (flags & BotFlag) != 0);
        }

        if (!reader.AtEnd)
        {
            throw new FormatException("The click payload has bytes after its last click.");
        }

        return clicks;
    }

    private static int StringSize(string text) => 5 + Encoding.UTF8.GetMaxByteCount(text.Length);

    private static bool IsHex128(string text) =>
        text.Length == 32 && !text.AsSpan().ContainsAnyExcept(LowerHex);

    private static int Intern(Dictionary<string, int> strings, string text)
    {
        if (!strings.TryGetValue(text, out var index))
        {
            index = strings.Count;
            strings.Add(text, index);
        }

        return index;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static void WriteByte(ArrayBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        writer.Advance(i);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public byte Byte() => _position < _data.Length ? _data[_position++] : throw Truncated();

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count > _data.Length - _position)
            {
                throw Truncated();
            }

            var bytes = _data.Slice(_position, count);
            _position += count;
            return bytes;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("A varint in the click payload is too long.");
        }

        public int Count(int max)
        {
            var value = Varint();
            return value <= (ulong)max ? (int)value : throw new FormatException("A count in the click payload is out of range.");
        }

        public int Index(int count)
        {
            var value = Varint();
            return value < (ulong)count ? (int)value : throw new FormatException("A string reference in the click payload is out of range.");
        }

        private static FormatException Truncated() => new("The click payload ends early.");
    }
}
