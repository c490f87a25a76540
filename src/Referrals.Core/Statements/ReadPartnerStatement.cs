using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Statements;

/// <summary>Reads a partner's statement for a period from the partner's own ledger partition and the period's payout run.</summary>
/// <remarks>The tier shown is that of the plan in force for the partner when the period began, as its close settles it (<see cref="CloseTiers"/>).</remarks>
public sealed class ReadPartnerStatement(IPartnerStore partners, IProgramStore programs, ICommissionStore commissions, IPayoutRunStore runs, ResolvePlan plans, TimeProvider time)
{
    public async Task<ReadStatementOutcome> ExecuteAsync(string partnerId, string? periodKey, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner
            || await programs.GetAsync(partner.ProgramId, cancellationToken) is not { } program)
        {
            return new ReadStatementOutcome.PartnerNotFound();
        }

        var settings = program.Payouts;
        if (!PayoutPeriod.TryParse(periodKey, settings.Schedule, settings.Zone, out var period))
        {
            return new ReadStatementOutcome.InvalidPeriod(settings.Schedule);
        }

        var ledger = await commissions.ListAsync(program.Id, partner.Id, status: null, cancellationToken);
        var runId = PayoutRun.IdFor(program.Id, period.Key);
        var run = (await runs.GetAsync(runId, cancellationToken))?.Run;
        var line = run is null ? null : await runs.GetLineAsync(runId, partner.Id, cancellationToken);
        var terms = CloseTiers.TermsOf(await plans.ExecuteAsync(program, partner.Id, period.Start, cancellationToken));
        return new ReadStatementOutcome.Found(PartnerStatement.Build(partner, program, period, ledger, terms.Tiers, run, line, time.GetUtcNow()));
    }
}
