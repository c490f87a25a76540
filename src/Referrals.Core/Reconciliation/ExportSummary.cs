namespace Referrals.Core.Reconciliation;

/// <summary>
/// What a first read of a whole export found: how many rows are payments and how many are not, the
/// time range the payments span (<see cref="To"/> exclusive), and whether it reports refunded amounts.
/// </summary>
public sealed record ExportSummary(long Rows, long Skipped, DateTimeOffset? From, DateTimeOffset? To, bool ReportsRefunds);
