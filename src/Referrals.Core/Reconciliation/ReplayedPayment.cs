namespace Referrals.Core.Reconciliation;

/// <summary>One missing payment fed through ingestion: its outcome, the conversion it is, or why it was refused.</summary>
public sealed record ReplayedPayment(string PaymentId, ReplayOutcome Outcome, string? ConversionId, string? Reason);
