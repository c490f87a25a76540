namespace Referrals.Api.Payouts;

/// <summary>A paid run's exports: the run's paid lines and total, and per export its lines, total and the paid lines it leaves out (with why).</summary>
public sealed record PayoutExportsResponse(string RunId, string Currency, int PaidLines, long PaidAmount, IReadOnlyList<PayoutExportResponse> Exports);
