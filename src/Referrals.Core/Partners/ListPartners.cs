using Referrals.Core.Groups;

namespace Referrals.Core.Partners;

/// <summary>
/// A program's partners a page at a time, filtered by status, type, search and, optionally, by the group
/// they are in now. A group's members come from the index of moves into it, so listing a small group
/// of a big program reads that group only; the default group (everyone never moved, or moved back) is
/// the program's list without those whose moves put them elsewhere.
/// </summary>
public sealed class ListPartners(IPartnerEditor partners, IPartnerStore store, IPartnerGroups groups)
{
    // Candidates are checked against their moves this many at a time.
    private const int Parallelism = 16;

    /// <summary>
    /// The page after <paramref name="after"/>; <paramref name="groupId"/> null lists every group. The caller
    /// checks that the group exists. A page may hold fewer partners than <paramref name="limit"/> and still have a next one.
    /// </summary>
    public async Task<ListPage<Partner>> ExecuteAsync(string programId, PartnerFilter filter, string? groupId, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (groupId is null)
        {
            return await partners.ListAsync(programId, filter, after, limit, cancellationToken);
        }

        if (groupId == PartnerGroup.DefaultId)
        {
            var page = await partners.ListAsync(programId, filter, after, limit, cancellationToken);
            return new ListPage<Partner>(await InGroupAsync(page.Items, groupId, cancellationToken), page.Next);
        }

        var moved = await groups.ListMovedIntoAsync(programId, groupId, after, limit, cancellationToken);
        var found = new Partner?[moved.Items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, found.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var partner = await store.GetAsync(moved.Items[index], token);
                found[index] = partner is not null && partner.ProgramId == programId && filter.Matches(partner) ? partner : null;
            });
        return new ListPage<Partner>(await InGroupAsync(found.OfType<Partner>().ToList(), groupId, cancellationToken), moved.Next);
    }

    /// <summary>The partners of <paramref name="candidates"/> whose latest move left them in <paramref name="groupId"/> (never moved: the default group), in their order.</summary>
    private async Task<IReadOnlyList<Partner>> InGroupAsync(IReadOnlyList<Partner> candidates, string groupId, CancellationToken cancellationToken)
    {
        var keep = new bool[candidates.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var moves = await groups.ListMovesAsync(candidates[index].Id, token);
                keep[index] = (moves.Count == 0 ? PartnerGroup.DefaultId : moves[^1].ToGroupId) == groupId;
            });
        return [.. candidates.Where((_, index) => keep[index])];
    }
}
