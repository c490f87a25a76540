namespace Referrals.Core.Payouts;

/// <summary>
/// One entry of a run's timeline and audit trail: the move from <see cref="From"/> to <see cref="To"/>
/// (the same state for a reminder or a settlement), when, by whom and why.
/// </summary>
public sealed record PayoutTransition(PayoutRunState? From, PayoutRunState To, DateTimeOffset At, string Actor, string Reason, string Event);
