using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Referrals.Core.Payouts;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Every five minutes: starts the run of each program whose period closed (<see cref="StartClosedPeriodRuns"/>)
/// and an orchestration for every open run that has none running, with the run id as instance id. The
/// instance check avoids a second orchestration; the run's insert-if-absent is what keeps a period to one run.
/// </summary>
public sealed class PayoutTimer(StartClosedPeriodRuns startRuns)
{
    [Function("StartPayoutRuns")]
    public async Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        await foreach (var run in startRuns.ExecuteAsync(cancellationToken))
        {
            await PayoutOrchestrations.EnsureRunningAsync(client, run.Id, cancellationToken);
        }
    }
}
