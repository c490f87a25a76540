using System.Collections.Concurrent;
using Referrals.Core.Links;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryReferralCodeStore : IReferralCodeStore
{
    private readonly ConcurrentDictionary<(string, string), ReferralCode> _codes = new();

    public void Add(ReferralCode code) => _codes[(code.ProgramId, ReferralCode.Normalize(code.Code))] = code;

    public Task<bool> TryCreateAsync(ReferralCode code, CancellationToken cancellationToken) =>
        Task.FromResult(_codes.TryAdd((code.ProgramId, ReferralCode.Normalize(code.Code)), code));

    public Task<ReferralCode?> GetAsync(string programId, string code, CancellationToken cancellationToken) =>
        Task.FromResult(_codes.GetValueOrDefault((programId, ReferralCode.Normalize(code))));
}
