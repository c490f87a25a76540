namespace Referrals.Core.Partners;

/// <summary>
/// Tells a partner that their payout details changed, so a change they did not make is noticed before
/// money goes astray. The default only logs; a host with e-mail sends the message.
/// </summary>
public interface IPayoutDetailsNotifier
{
    Task NotifyChangedAsync(Partner partner, PayoutDetailsChange change, CancellationToken cancellationToken);
}
