namespace Referrals.Core.Payouts;

/// <summary>Tells finance about a run (log and webhook here; e-mail later). Delivery is at least once.</summary>
public interface IPayoutNotifier
{
    Task NotifyAsync(PayoutNoticeKind kind, PayoutRun run, CancellationToken cancellationToken);
}
