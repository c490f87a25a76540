using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Api.Hosting;

namespace Referrals.Api.Payouts;

/// <summary>
/// Tells finance about runs: a log line, the e-mails (<see cref="PayoutEmails"/>), and a JSON POST to
/// <c>Referrals:Payouts:NotifyUrl</c> when set.
/// A request for a decision carries signed approve and reject links that expire at the deadline. A
/// failed delivery is logged and does not hold the run up: the reminder and the run's page remain.
/// </summary>
public sealed partial class PayoutNotifier(
    HttpClient http,
    IOptions<PayoutOptions> options,
    IOptions<ReferralsOptions> referrals,
    PayoutEmails emails,
    ILogger<PayoutNotifier> logger) : IPayoutNotifier
{
    public async Task NotifyAsync(PayoutNoticeKind kind, PayoutRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        LogNotice(logger, kind, run.Id, run.State, run.Deadline);
        var settings = options.Value;
        string? approveUrl = null, rejectUrl = null;
        if (kind is PayoutNoticeKind.DecisionRequested or PayoutNoticeKind.Reminder && run.Deadline is { } deadline)
        {
            var origin = (referrals.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');
            approveUrl = $"{origin}/payout-decisions/{DecisionLink.Create(settings.LinkKey, run.Id, PayoutDecisionKind.Approve, deadline)}";
            rejectUrl = $"{origin}/payout-decisions/{DecisionLink.Create(settings.LinkKey, run.Id, PayoutDecisionKind.Reject, deadline)}";
        }

        await emails.SendAsync(kind, run, approveUrl, rejectUrl, cancellationToken);
        if (string.IsNullOrWhiteSpace(settings.NotifyUrl))
        {
            return;
        }

        var notice = new
        {
            type = "payout-run." + kind.ToString().ToLowerInvariant(),
            runId = run.Id,
            programId = run.ProgramId,
            period = run.PeriodKey,
            state = run.State.ToString(),
            deadline = run.Deadline,
            totals = run.Totals,
            approveUrl,
            rejectUrl,
        };
        try
        {
            using var response = await http.PostAsJsonAsync(settings.NotifyUrl, notice, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogDeliveryFailed(logger, null, run.Id, (int)response.StatusCode);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogDeliveryFailed(logger, exception, run.Id, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout run {RunId}: {Kind} (state {State}, deadline {Deadline})")]
    private static partial void LogNotice(ILogger logger, PayoutNoticeKind kind, string runId, PayoutRunState state, DateTimeOffset? deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notice about payout run {RunId} could not be delivered (status {Status})")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception? exception, string runId, int status);
}
