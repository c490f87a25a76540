using System.Collections.Concurrent;
using Referrals.Core.Leads;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Registered leads by program and key (customer id or e-mail hash).</summary>
internal sealed class InMemoryLeadStore : ILeadStore
{
    private readonly ConcurrentDictionary<(string, string), Lead> _leads = new();

    public Task<Lead?> TryRegisterAsync(Lead lead, CancellationToken cancellationToken)
    {
        lock (_leads)
        {
            var keys = new[] { lead.CustomerId is null ? null : "c_" + lead.CustomerId, lead.EmailHash is null ? null : "e_" + lead.EmailHash }.OfType<string>().ToArray();
            foreach (var key in keys)
            {
                if (_leads.TryGetValue((lead.ProgramId, key), out var holder))
                {
                    return Task.FromResult<Lead?>(holder);
                }
            }

            foreach (var key in keys)
            {
                _leads[(lead.ProgramId, key)] = lead;
            }

            return Task.FromResult<Lead?>(null);
        }
    }

    public Task<Lead?> FindByCustomerAsync(string programId, string customerId, CancellationToken cancellationToken) =>
        Task.FromResult(_leads.TryGetValue((programId, "c_" + customerId), out var lead) ? lead : null);

    public Task<Lead?> FindByEmailHashAsync(string programId, string emailHash, CancellationToken cancellationToken) =>
        Task.FromResult(_leads.TryGetValue((programId, "e_" + emailHash), out var lead) ? lead : null);
}
