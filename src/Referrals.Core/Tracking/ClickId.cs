using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Referrals.Core.Tracking;

/// <summary>
/// A click's id: the link, the flush the recorder placed the click in and its place there,
/// <c>{linkCode}.p{yyMMddHH}{shard}.{flush}.{index}</c>, for example <c>AbCd1234.p25031410c.k3x7m2qa9zbd.17</c>.
/// The click log stores the clicks of one flush on one link as one entry, so the id names that entry
/// and the click's place in it: finding a click from its id alone is one read of its entry. The
/// <c>p</c> marks this form of the id (version 1); a later form gets another letter, so both can be
/// told apart.
/// </summary>
/// <param name="LinkCode">The link the click went through.</param>
/// <param name="Hour">The UTC hour the click's flush was opened in.</param>
/// <param name="Shard">
/// Which of the <see cref="ShardCount"/> shards the click's flush went to: consecutive flushes take the
/// next shard, so the click log can spread a hot link's entries over that many places.
/// </param>
/// <param name="Flush">The flush's key (<see cref="FlushLength"/> lower-case base32 characters).</param>
/// <param name="Index">The click's place in its entry, from 0.</param>
public readonly record struct ClickId(string LinkCode, DateTimeOffset Hour, int Shard, string Flush, int Index)
{
    /// <summary>How many shards flushes go to in turn: a hot link's entries are spread over that many, so no one place takes all its writes.</summary>
    public const int ShardCount = 8;

    /// <summary>The largest index a click id carries: an entry holds at most <c>MaxIndex + 1</c> clicks.</summary>
    public const int MaxIndex = 4095;

    /// <summary>The length of a flush key.</summary>
    public const int FlushLength = 12;

    private const char Version1 = 'p';
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>
    /// The id of the first click of this click's entry (the clicks of one flush on one link): the same
    /// for every click stored together.
    /// </summary>
    public ClickId Entry => this with { Index = 0 };

    /// <summary>
    /// The id of the flush the click was stored in, the same for every entry (every link) that flush
    /// wrote: the event id of its <c>clicks-recorded</c> message.
    /// </summary>
    public string FlushId => string.Create(CultureInfo.InvariantCulture, $"flush_{Hour.ToUniversalTime():yyMMddHH}{Base32[Shard]}{Flush}");

    /// <summary>A fresh flush key: 60 random bits.</summary>
    public static string NewFlushKey()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Identifiers.Base32(bytes)[..FlushLength];
    }

    /// <summary>A well-formed id of a click alone in a fresh flush on <paramref name="linkCode"/> at <paramref name="at"/>.</summary>
    public static ClickId New(string linkCode, DateTimeOffset at) => new(linkCode, TruncateToHour(at), 0, NewFlushKey(), 0);

    /// <summary>The UTC hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset TruncateToHour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out ClickId clickId)
    {
        clickId = default;
        if (value is null || value.Length > 80)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 4 || !Core.Links.LinkCode.IsWellFormed(parts[0]))
        {
            return false;
        }

        var bucket = parts[1];
        var shard = bucket.Length == 10 ? Base32.IndexOf(bucket[9], StringComparison.Ordinal) : -1;
        if (bucket.Length != 10 || bucket[0] != Version1 || shard is < 0 or >= ShardCount
            || bucket.AsSpan(1, 8).ContainsAnyExceptInRange('0', '9')
            || !DateTimeOffset.TryParseExact(bucket.AsSpan(1, 8), "yyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var hour))
        {
            return false;
        }

        var flush = parts[2];
        if (flush.Length != FlushLength || !flush.All(c => Base32.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        var index = parts[3];
        if (index.Length is < 1 or > 4 || (index.Length > 1 && index[0] == '0') || index.AsSpan().ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position > MaxIndex)
        {
            return false;
        }

        clickId = new ClickId(parts[0], hour, shard, flush, position);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LinkCode}.{Version1}{Hour.ToUniversalTime():yyMMddHH}{Base32[Shard]}.{Flush}.{Index}");
}
