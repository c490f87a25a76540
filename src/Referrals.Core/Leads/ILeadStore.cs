namespace Referrals.Core.Leads;

/// <summary>Where registered leads are kept, findable by customer id and by e-mail hash with one read each.</summary>
public interface ILeadStore
{
    /// <summary>
    /// Registers the lead under its customer id and e-mail hash, all or none, unless either is registered
    /// already; returns the lead that holds the first key taken (null when this one was stored).
    /// </summary>
    Task<Lead?> TryRegisterAsync(Lead lead, CancellationToken cancellationToken);

    Task<Lead?> FindByCustomerAsync(string programId, string customerId, CancellationToken cancellationToken);

    Task<Lead?> FindByEmailHashAsync(string programId, string emailHash, CancellationToken cancellationToken);
}
