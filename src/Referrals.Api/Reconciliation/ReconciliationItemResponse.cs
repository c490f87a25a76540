using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// One result line: its <c>category</c> (matched, missing, differing, extra), the provider's payment id, the
/// export's line, amount paid and refunded (minor units, <c>exportCurrency</c>), the recorded conversion with
/// its amounts, what differs, and for a replayed missing payment the conversion it became.
/// </summary>
public sealed record ReconciliationItemResponse(
    ReconciliationCategory Category,
    string PaymentId,
    long? Line,
    DateTimeOffset? OccurredAt,
    long? ExportAmount,
    long? ExportRefunded,
    string? ExportCurrency,
    string? ConversionId,
    long? RecordedAmount,
    long? RecordedRefunded,
    string? RecordedCurrency,
    string? Differences,
    string? ReplayedConversionId)
{
    public static ReconciliationItemResponse From(ReconciliationItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ReconciliationItemResponse(
            item.Category, item.PaymentId, item.Line, item.OccurredAt, item.ExportPaid?.Amount, item.ExportRefunded, item.ExportPaid?.Currency,
            item.ConversionId, item.RecordedPaid?.Amount, item.RecordedRefunded, item.RecordedPaid?.Currency, item.Differences, item.ReplayedConversionId);
    }
}
