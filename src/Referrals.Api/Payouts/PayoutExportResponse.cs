using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>One export of a paid run: where to download it, its lines and total in minor units, and the paid lines it leaves out.</summary>
public sealed record PayoutExportResponse(
    string Format, string Url, string FileName, int Lines, long Amount, int MissingLines, long MissingAmount, IReadOnlyList<MissingPayoutDetails> Missing);
