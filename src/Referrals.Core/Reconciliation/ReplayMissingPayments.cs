using Referrals.Core.Conversions;

namespace Referrals.Core.Reconciliation;

/// <summary>
/// Feeds a reconciliation's missing payments through <see cref="RecordConversion"/>, the path every webhook
/// takes, with what the webhook would have carried: the same source, the same idempotency key (a Stripe
/// event's id for an events dump, the payment's own id for a CSV row) and the same payment reference. So a
/// second replay changes nothing, and a webhook that arrives later finds the payment already recorded.
/// Attribution and the commission follow as for any conversion.
/// </summary>
public sealed class ReplayMissingPayments(IReconciliationStore store, RecordConversion record)
{
    public async Task<IReadOnlyList<ReplayedPayment>?> ExecuteAsync(string programId, string reconciliationId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(programId, reconciliationId, cancellationToken) is not { } reconciliation)
        {
            return null;
        }

        var replayed = new List<ReplayedPayment>();
        await foreach (var item in store.StreamItemsAsync(reconciliationId, ReconciliationCategory.Missing, cancellationToken))
        {
            if (item.Replay is null)
            {
                replayed.Add(new ReplayedPayment(item.PaymentId, ReplayOutcome.Refused, null, "The export row carries nothing to record."));
                continue;
            }

            var outcome = await record.ExecuteAsync(programId, reconciliation.Source, item.Replay, item.ReplayPayment, cancellationToken);
            var result = outcome switch
            {
                RecordConversionOutcome.Accepted accepted => new ReplayedPayment(
                    item.PaymentId, accepted.Duplicate ? ReplayOutcome.Duplicate : ReplayOutcome.Created, accepted.ConversionId, null),
                RecordConversionOutcome.Invalid invalid => new ReplayedPayment(item.PaymentId, ReplayOutcome.Refused, null, invalid.Errors.ToString()),
                _ => new ReplayedPayment(item.PaymentId, ReplayOutcome.Refused, null, "The program no longer exists."),
            };
            replayed.Add(result);
            if (result.ConversionId is not null && item.ReplayedConversionId != result.ConversionId)
            {
                await store.AddItemsAsync(reconciliationId, [item with { ReplayedConversionId = result.ConversionId }], cancellationToken);
            }
        }

        return replayed;
    }
}
