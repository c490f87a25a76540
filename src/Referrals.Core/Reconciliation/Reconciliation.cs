namespace Referrals.Core.Reconciliation;

/// <summary>
/// A provider export compared with what the program recorded: the export's time range
/// [<see cref="From"/>, <see cref="To"/>), how many of its rows were payments (<see cref="Rows"/>) and how
/// many were not (failed, pending, or events that are no payment: <see cref="Skipped"/>), and the count per category.
/// </summary>
public sealed record Reconciliation(
    string Id,
    string ProgramId,
    ExportFormat Format,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long Rows,
    long Skipped,
    long Matched,
    long Missing,
    long Differing,
    long Extra)
{
    /// <summary>A new id that sorts by creation time, so a program's list reads oldest first.</summary>
    public static string NewId(DateTimeOffset now) =>
        "rec_" + now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Identifiers.New(string.Empty)[1..9];
}
