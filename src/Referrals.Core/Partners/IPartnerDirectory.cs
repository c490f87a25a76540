namespace Referrals.Core.Partners;

/// <summary>A program's partners as the manager sees them: listed, and moved between statuses.</summary>
public interface IPartnerDirectory
{
    /// <summary>The program's partners, ordered by id (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<Partner>> ListAsync(string programId, int max, CancellationToken cancellationToken);

    /// <summary>Sets the partner's status; the partner as stored afterwards, or null when there is none.</summary>
    Task<Partner?> SetStatusAsync(string partnerId, PartnerStatus status, CancellationToken cancellationToken);
}
