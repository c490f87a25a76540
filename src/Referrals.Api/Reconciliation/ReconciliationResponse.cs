namespace Referrals.Api.Reconciliation;

/// <summary>
/// A reconciliation: the export's <c>format</c>, the time range its payments span (<c>to</c> exclusive),
/// how many rows were payments (<c>rows</c>) and how many were not (<c>skipped</c>), and the count per category.
/// </summary>
public sealed record ReconciliationResponse(
    string Id,
    string ProgramId,
    string Format,
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
    public static ReconciliationResponse Of(Core.Reconciliation.Reconciliation reconciliation)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        return new ReconciliationResponse(
            reconciliation.Id,
            reconciliation.ProgramId,
            ExportReader.NameOf(reconciliation.Format),
            reconciliation.Source,
            reconciliation.CreatedAt,
            reconciliation.From,
            reconciliation.To,
            reconciliation.Rows,
            reconciliation.Skipped,
            reconciliation.Matched,
            reconciliation.Missing,
            reconciliation.Differing,
            reconciliation.Extra);
    }
}
