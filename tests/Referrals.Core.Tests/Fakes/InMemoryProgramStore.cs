using System.Collections.Concurrent;
using Referrals.Core.Programs;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryProgramStore : IProgramStore, IProgramCatalog
{
    private readonly ConcurrentDictionary<string, ReferralProgram> _programs = new(StringComparer.Ordinal);

    public void Add(ReferralProgram program) => _programs[program.Id] = program;

    public Task CreateAsync(ReferralProgram program, CancellationToken cancellationToken)
    {
        _programs[program.Id] = program;
        return Task.CompletedTask;
    }

    public Task<ReferralProgram?> GetAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult(_programs.GetValueOrDefault(programId));

    public async IAsyncEnumerable<ReferralProgram> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var program in _programs.Values)
        {
            await Task.Yield();
            yield return program;
        }
    }
}
