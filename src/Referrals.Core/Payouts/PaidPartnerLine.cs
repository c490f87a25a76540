using Referrals.Core.Partners;

namespace Referrals.Core.Payouts;

/// <summary>A paid line of a run with what the exports need of its partner: name, e-mail and payout details (null when none are set).</summary>
public sealed record PaidPartnerLine(PayoutLine Line, string Name, string Email, PayoutDetails? Details);
