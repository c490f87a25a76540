using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Statements;

/// <summary>Reads a partner's statement for a period from the partner's own ledger partition and the period's payout run.</summary>
public sealed class ReadPartnerStatement(IPartnerStore partners, IProgramStore programs, ICommissionStore commissions, IPayoutRunStore runs, TimeProvider time)
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
        return new ReadStatementOutcome.Found(PartnerStatement.Build(partner, program, period, ledger, run, line, time.GetUtcNow()));
    }
}
