using Microsoft.Extensions.Caching.Memory;
using Referrals.Core.Links;
using Referrals.Core.Programs;

namespace Referrals.Api.Tracking;

/// <summary>
/// The in-process cache of links the redirect reads, so a click costs no table read. Found links stay
/// for a minute, so a link changed or retired through another instance is seen within that minute
/// (through this one at once, see <see cref="Forget"/>); unknown codes are remembered briefly so a burst
/// of requests for a missing code does not reach storage each time, yet a link issued by another
/// instance is found within seconds.
/// </summary>
public sealed class LinkDirectory(ILinkStore links, IProgramStore programs, IMemoryCache cache)
{
    private static readonly TimeSpan FoundLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MissingLifetime = TimeSpan.FromSeconds(5);
    private int _generation;
    private string _prefix = "link:0:";

    /// <summary>
    /// The link with its program, from the cache, or else read from storage within <paramref name="wait"/>
    /// (past it the read is cancelled). Only a miss pays for the timeout, so the cached path allocates nothing.
    /// </summary>
    public ValueTask<ResolvedLink?> ResolveAsync(string code, TimeSpan wait, CancellationToken cancellationToken) =>
        cache.TryGetValue(Key(code), out ResolvedLink? cached)
            ? ValueTask.FromResult(cached)
            : ReadWithinAsync(code, wait, cancellationToken);

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
        cache.Set(Key(code), resolved, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = resolved is null ? MissingLifetime : FoundLifetime });
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
}
