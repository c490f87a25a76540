using Referrals.Core.Groups;
using Referrals.Core.Programs;

namespace Referrals.Core.Payouts;

/// <summary>
/// Starts a program's payout run for the period ending at an instant. The run id comes from program
/// and period and the run is inserted only if absent, so the timer, a manual start and two instances
/// racing all end with one run.
/// </summary>
public sealed class StartPayoutRun(IProgramStore programs, IPayoutRunStore runs, ResolvePlan plans, TimeProvider time)
{
    public async Task<StartPayoutRunOutcome> ExecuteAsync(string programId, DateTimeOffset? periodEnd, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programId);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return new StartPayoutRunOutcome.ProgramNotFound();
        }

        var now = time.GetUtcNow();
        var errors = PayoutRunMachine.ValidateStart(periodEnd, now);
        if (!errors.IsEmpty)
        {
            return new StartPayoutRunOutcome.Invalid(errors);
        }

        var closesTiers = (await plans.ForProgramPartnersAsync(program, cancellationToken)).HasTiers;
        var run = PayoutRunMachine.Start(program.Id, program.Currency, program.Payouts, periodEnd!.Value, now, actor, $"Run started for the period ending {periodEnd.Value.ToUniversalTime():O}.", closesTiers);
        if (await runs.GetAsync(run.Id, cancellationToken) is { } existing)
        {
            return new StartPayoutRunOutcome.Started(existing.Run, false);
        }

        if (await runs.TryCreateAsync(run, cancellationToken))
        {
            await runs.AuditAsync(run, cancellationToken);
            return new StartPayoutRunOutcome.Started(run, true);
        }

        var stored = await runs.GetAsync(run.Id, cancellationToken) ?? throw new InvalidOperationException($"Run {run.Id} was created by another writer but cannot be read.");
        return new StartPayoutRunOutcome.Started(stored.Run, false);
    }
}
