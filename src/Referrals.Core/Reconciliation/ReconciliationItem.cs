using Referrals.Core.Conversions;

namespace Referrals.Core.Reconciliation;

/// <summary>
/// One line of a reconciliation's result. Export fields are empty for an <see cref="ReconciliationCategory.Extra"/>
/// record, recorded fields for a <see cref="ReconciliationCategory.Missing"/> payment. <see cref="Differences"/>
/// says what differs in words; a missing payment keeps what replay records (<see cref="Replay"/>), and once
/// replayed, the conversion it became.
/// </summary>
public sealed record ReconciliationItem(
    ReconciliationCategory Category,
    string PaymentId,
    long? Line = null,
    DateTimeOffset? OccurredAt = null,
    Money? ExportPaid = null,
    long? ExportRefunded = null,
    string? ConversionId = null,
    Money? RecordedPaid = null,
    long? RecordedRefunded = null,
    string? Differences = null,
    ConversionDraft? Replay = null,
    PaymentDetails? ReplayPayment = null,
    string? ReplayedConversionId = null);
