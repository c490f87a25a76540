using System.Runtime.CompilerServices;
using Referrals.Core.Programs;

namespace Referrals.Core.Payouts;

/// <summary>
/// Makes sure every program has the run of its last closed period (<see cref="PayoutWorkflow.PeriodToStart"/>),
/// starting the missing ones, and lists those that are not finished so the host drives them. Starting is
/// insert-if-absent, so two hosts or two ticks at once still give one run.
/// </summary>
public sealed class StartClosedPeriodRuns(IProgramCatalog programs, IPayoutRunStore runs, StartPayoutRun start, TimeProvider time)
{
    public async IAsyncEnumerable<PayoutRun> ExecuteAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await foreach (var program in programs.ListAsync(cancellationToken))
        {
            if (PayoutWorkflow.PeriodToStart(program, now) is not { } period)
            {
                continue;
            }

            var run = (await runs.GetAsync(PayoutRun.IdFor(program.Id, period.Key), cancellationToken))?.Run;
            if (run is null && await start.ExecuteAsync(program.Id, period.End, PayoutRunMachine.System, cancellationToken) is StartPayoutRunOutcome.Started started)
            {
                run = started.Run;
            }

            if (run is { IsFinished: false })
            {
                yield return run;
            }
        }
    }
}
