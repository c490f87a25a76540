using Microsoft.Extensions.Caching.Memory;
using Referrals.Core.Links;
using Referrals.Core.Programs;

namespace Referrals.Api.Tracking;

/// <summary>
/// The in-process cache of links the redirect reads, so a click costs no table read. A found link is
/// fresh for a minute, so a link changed or retired through another instance is seen within that minute
/// (through this one at once, see <see cref="Forget"/>); after that it is read again, but kept for an
/// hour, so while storage does not answer the last known link still redirects. Unknown codes are
/// remembered briefly so a burst of requests for a missing code does not reach storage each time, yet a
/// link issued by another instance is found within seconds.
/// </summary>
public sealed class LinkDirectory(ILinkStore links, IProgramStore programs, IMemoryCache cache, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan MissingLifetime = TimeSpan.FromSeconds(5);
    private int _generation;
    private string _prefix = "link:0:";

    /// <summary>
    /// The link with its program, from the cache while fresh, or else read from storage within
    /// <paramref name="wait"/> (past it the read is cancelled). A link whose read fails or runs out of time
    /// is answered from its stale entry when there is one. Only a read pays for the timeout, so the fresh
    /// path allocates nothing.
    /// </summary>
    public ValueTask<ResolvedLink?> ResolveAsync(string code, TimeSpan wait, CancellationToken cancellationToken)
    {
        var key = Key(code);
        if (cache.TryGetValue(key, out CachedLink? cached) && cached is not null)
        {
            return cached.FreshUntil > time.GetUtcNow()
                ? ValueTask.FromResult(cached.Link)
                : RefreshAsync(code, cached, wait, cancellationToken);
        }

        return ReadWithinAsync(code, wait, cancellationToken);
    }

    private async ValueTask<ResolvedLink?> RefreshAsync(string code, CachedLink stale, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadWithinAsync(code, wait, cancellationToken);
        }
        catch (Exception exception) when (stale.Link is not null && !cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            return stale.Link;
        }
    }

    private async ValueTask<ResolvedLink?> ReadWithinAsync(string code, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(wait);
        return await ReadAsync(code, reading.Token);
    }

    private async ValueTask<ResolvedLink?> ReadAsync(string code, CancellationToken cancellationToken)
    {
        var link = await links.GetAsync(code, cancellationToken);
        var program = link is null ? null : await programs.GetAsync(link.ProgramId, cancellationToken);
        var resolved = link is null || program is null || !program.AllowsDestination(link.Destination) ? null : ResolvedLink.Create(link, program);
        cache.Set(
            Key(code),
            new CachedLink(resolved, time.GetUtcNow() + (resolved is null ? MissingLifetime : FreshFor)),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = resolved is null ? MissingLifetime : KeptFor });
        return resolved;
    }

    /// <summary>Drops what is cached for <paramref name="code"/>, e.g. a "missing" entry for a link just issued.</summary>
    public void Forget(string code) => cache.Remove(Key(code));

    /// <summary>
    /// Drops every cached link, e.g. when a program was archived (its links are not known by code here).
    /// The key's prefix changes, so old entries are never read again and age out of the cache.
    /// </summary>
    public void ForgetAll() => Volatile.Write(ref _prefix, $"link:{Interlocked.Increment(ref _generation)}:");

    private string Key(string code) => Volatile.Read(ref _prefix) + code;

    /// <summary>A cached answer (a link, or null for an unknown code) and until when it is used without a read.</summary>
    private sealed record CachedLink(ResolvedLink? Link, DateTimeOffset FreshUntil);
}
