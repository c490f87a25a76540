using System.Collections.Concurrent;
using Referrals.Core.Partners;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryPartnerStore : IPartnerStore
{
    private readonly ConcurrentDictionary<string, Partner> _partners = new(StringComparer.Ordinal);

    public void Add(Partner partner) => _partners[partner.Id] = partner;

    public Task CreateAsync(Partner partner, CancellationToken cancellationToken)
    {
        _partners[partner.Id] = partner;
        return Task.CompletedTask;
    }

    public Task<Partner?> GetAsync(string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(_partners.GetValueOrDefault(partnerId));
}
