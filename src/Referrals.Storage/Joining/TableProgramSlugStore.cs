using Azure;
using Azure.Data.Tables;
using Referrals.Core.Joining;

namespace Referrals.Storage.Joining;

/// <summary>
/// Slugs in the <c>ProgramSlugs</c> table, all in one partition so a change is one transaction: the row
/// <c>s:{slug}</c> (the index, unique by key) and the program's row <c>p:{programId}</c> naming its slug.
/// Setting a slug inserts the new index row, deletes the old one and updates the program's row with its
/// ETag, so a slug is never held twice nor lost halfway. Slugs change rarely, so one partition is plenty.
/// </summary>
public sealed class TableProgramSlugStore(StorageAccount account) : IProgramSlugStore
{
    private const string Partition = "slugs";
    private const int Attempts = 5;
    private readonly TableClient _table = account.GetTableClient("ProgramSlugs");

    public async Task<string?> GetSlugAsync(string programId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, ProgramRow(programId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Slug") : null;
    }

    public async Task<string?> FindProgramAsync(string slug, CancellationToken cancellationToken)
    {
        if (!ProgramSlug.IsValid(slug))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, SlugRow(slug), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("ProgramId") : null;
    }

    public async Task<bool> TrySetAsync(string programId, string slug, CancellationToken cancellationToken)
    {
        TableKeys.Require(programId, nameof(programId));
        if (!ProgramSlug.IsValid(slug))
        {
            throw new ArgumentException($"'{slug}' is not a valid slug.", nameof(slug));
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, ProgramRow(programId), cancellationToken: cancellationToken);
            var previous = current.HasValue ? current.Value!.GetString("Slug") : null;
            if (previous == slug)
            {
                return true;
            }

            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity(Partition, SlugRow(slug)).With("ProgramId", programId)),
            };
            var programRow = new TableEntity(Partition, ProgramRow(programId)).With("Slug", slug);
            if (current.HasValue)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, programRow, current.Value!.ETag));
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, SlugRow(previous!)), ETag.All));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.Add, programRow));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 0 && exception.Status == 409)
            {
                return false;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                // The program's own row changed meanwhile (another rename): read it again.
            }
        }

        throw new InvalidOperationException($"The slug of program {programId} kept changing during {Attempts} attempts.");
    }

    private static string SlugRow(string slug) => "s:" + slug;

    private static string ProgramRow(string programId) => "p:" + programId;
}
