using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// One row of an export as read: a <see cref="Payment"/>, a row that is no payment (neither set: a failed
/// charge, an event of another type), or the <see cref="Problem"/> that makes the whole export unreadable.
/// </summary>
public sealed record ExportRow(long Line, ExportPayment? Payment, string? Problem)
{
    public static ExportRow Skip(long line) => new(line, null, null);

    public static ExportRow Refuse(long line, string problem) => new(line, null, $"Line {line}: {problem}");
}
