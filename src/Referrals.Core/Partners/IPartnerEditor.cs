namespace Referrals.Core.Partners;

/// <summary>A program's partners, listed a page at a time and changed.</summary>
public interface IPartnerEditor
{
    /// <summary>The program's partners matching <paramref name="filter"/> in id order, after the id <paramref name="after"/>.</summary>
    Task<ListPage<Partner>> ListAsync(string programId, PartnerFilter filter, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored partner (again on a concurrent write); before and after, or null when there is none.</summary>
    Task<(Partner Before, Partner After)?> UpdateAsync(string partnerId, Func<Partner, Partner> change, CancellationToken cancellationToken);
}
