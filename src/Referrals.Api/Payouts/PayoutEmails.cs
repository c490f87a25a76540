using Microsoft.Extensions.Options;
using Referrals.Api.Email;
using Referrals.Api.Hosting;
using Referrals.Core;
using Referrals.Core.Email;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Api.Payouts;

/// <summary>
/// The e-mails about runs: to finance (<c>Referrals:Email:Finance</c>) when a run awaits its decision or
/// its deadline nears, with the signed links; to every paid partner when a run is paid. Like the JSON
/// notice, a failure to queue them is logged and does not hold the run up.
/// </summary>
public sealed partial class PayoutEmails(
    IEmailOutbox outbox, IProgramStore programs, IPayoutRunStore runs, IPartnerStore partners, IOptions<EmailOptions> options, IOptions<ReferralsOptions> referrals, ILogger<PayoutEmails> logger)
{
    public async Task SendAsync(PayoutNoticeKind kind, PayoutRun run, string? approveUrl, string? rejectUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            if (await programs.GetAsync(run.ProgramId, cancellationToken) is not { } program)
            {
                return;
            }

            var finance = options.Value.Finance;
            if (kind is PayoutNoticeKind.DecisionRequested or PayoutNoticeKind.Reminder && approveUrl is not null && rejectUrl is not null && finance.Length > 0)
            {
                await outbox.EnqueueAsync(
                    EmailMessages.RunAwaitingDecision(program, run, finance, approveUrl, rejectUrl, kind == PayoutNoticeKind.Reminder), cancellationToken);
            }

            // The run's lines are calculated once its period is closed: each partner in it gets the statement's link.
            if (kind == PayoutNoticeKind.DecisionRequested)
            {
                await SendStatementsAsync(program, run, cancellationToken);
            }
            else if (kind == PayoutNoticeKind.Paid)
            {
                await foreach (var line in runs.StreamLinesAsync(run.Id, cancellationToken))
                {
                    if (line.Status == PayoutLineStatus.Paid && await partners.GetAsync(line.PartnerId, cancellationToken) is { } partner)
                    {
                        await outbox.EnqueueAsync(EmailMessages.PayoutPaid(program, partner, new Money(line.Amount, line.Currency), run.PeriodKey), cancellationToken);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException && exception is not OutOfMemoryException)
        {
            LogFailed(logger, exception, run.Id, kind);
        }
    }

    private async Task SendStatementsAsync(ReferralProgram program, PayoutRun run, CancellationToken cancellationToken)
    {
        var url = StatementUrl(run.PeriodKey);
        var told = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var line in runs.StreamLinesAsync(run.Id, cancellationToken))
        {
            if (told.Add(line.PartnerId) && await partners.GetAsync(line.PartnerId, cancellationToken) is { } partner)
            {
                await outbox.EnqueueAsync(EmailMessages.StatementReady(program, partner, run.PeriodKey, url), cancellationToken);
            }
        }
    }

    // The portal lives on the web front where one is configured (Azure), else beside the API.
    private string StatementUrl(string period)
    {
        var path = "portal/statements/" + Uri.EscapeDataString(period);
        return (referrals.Value.WebBaseUrl ?? referrals.Value.PublicBaseUrl) is { Length: > 0 } origin
            ? new Uri(new Uri(origin.TrimEnd('/') + "/"), path).ToString()
            : "/" + path;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The e-mails about payout run {RunId} ({Kind}) could not be queued")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId, PayoutNoticeKind kind);
}
