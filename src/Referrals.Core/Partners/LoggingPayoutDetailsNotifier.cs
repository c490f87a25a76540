using Microsoft.Extensions.Logging;

namespace Referrals.Core.Partners;

/// <summary>The notifier when nothing sends messages: it logs that the partner would be told (without the address).</summary>
public sealed partial class LoggingPayoutDetailsNotifier(ILogger<LoggingPayoutDetailsNotifier> logger) : IPayoutDetailsNotifier
{
    public Task NotifyChangedAsync(Partner partner, PayoutDetailsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(change);
        LogChanged(logger, partner.Id, change.Method, change.By);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout details of partner {PartnerId} changed to {Method} by {By}; the partner would be notified")]
    private static partial void LogChanged(ILogger logger, string partnerId, PayoutMethod method, string by);
}
