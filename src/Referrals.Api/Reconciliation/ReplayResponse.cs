using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// What a replay did: <c>created</c> lists the conversions it recorded now (their commissions follow through
/// attribution), and <c>payments</c> every missing payment with its outcome (created, duplicate, refused) and reason.
/// </summary>
public sealed record ReplayResponse(string ReconciliationId, IReadOnlyList<string> Created, int Duplicates, int Refused, IReadOnlyList<ReplayedPayment> Payments)
{
    public static ReplayResponse From(string reconciliationId, IReadOnlyList<ReplayedPayment> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        return new ReplayResponse(
            reconciliationId,
            [.. payments.Where(payment => payment.Outcome == ReplayOutcome.Created).Select(payment => payment.ConversionId!)],
            payments.Count(payment => payment.Outcome == ReplayOutcome.Duplicate),
            payments.Count(payment => payment.Outcome == ReplayOutcome.Refused),
            payments);
    }
}
