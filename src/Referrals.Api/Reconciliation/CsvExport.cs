using System.Runtime.CompilerServices;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Reads a CSV export a record at a time: the header row names the columns (the layout says what it
/// lacks), every record must have as many fields as the header, and a record is handed to the layout's
/// mapping with its line number. Quoting errors and ragged rows are problems naming the line.
/// </summary>
internal static class CsvExport
{
    public const int MaxField = 2_000;

    public static async IAsyncEnumerable<ExportRow> ReadAsync(
        TextReader text, Func<IReadOnlyCollection<string>, string?> headerProblem, Func<CsvFields, ExportRow> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[]? header = null;
        Dictionary<string, int>? columns = null;
        await foreach (var record in CsvRecords.ReadAsync(text, MaxField, cancellationToken))
        {
            if (record.Problem is not null)
            {
                yield return ExportRow.Refuse(record.Line, record.Problem + ".");
                yield break;
            }

            if (header is null)
            {
                header = record.Fields;
                columns = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var index = 0; index < header.Length; index++)
                {
                    columns.TryAdd(header[index].TrimStart('\uFEFF').Trim(), index);
                }

                if (headerProblem(columns.Keys) is { } problem)
                {
                    yield return ExportRow.Refuse(1, problem);
                    yield break;
                }

                continue;
            }

            if (record.Fields is [""])
            {
                continue;
            }

            if (record.Fields.Length != header.Length)
            {
                yield return ExportRow.Refuse(record.Line, $"the row has {record.Fields.Length} fields, the header {header.Length}.");
                yield break;
            }

            var row = map(new CsvFields(columns!, record.Fields, record.Line));
            yield return row;
            if (row.Problem is not null)
            {
                yield break;
            }
        }

        if (header is null)
        {
            yield return ExportRow.Refuse(1, "the export is empty; it needs a header row.");
        }
    }
}

/// <summary>One CSV record's fields by column name.</summary>
internal sealed class CsvFields(IReadOnlyDictionary<string, int> columns, string[] record, long line)
{
    public long Line => line;

    /// <summary>The trimmed field, or null when the column is absent or the field empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var index) && record[index].Trim() is { Length: > 0 } value ? value : null;

    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>The problem of a header that lacks any of <paramref name="required"/>, or null.</summary>
    public static string? Lacks(IReadOnlyCollection<string> header, IEnumerable<string> required)
    {
        var absent = required.Where(name => !header.Contains(name)).ToList();
        return absent.Count == 0 ? null : $"the header lacks {string.Join(", ", absent.Select(name => $"'{name}'"))}.";
    }
}
