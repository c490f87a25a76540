using System.Runtime.CompilerServices;
using System.Text;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// RFC 4180 records read one at a time from a text reader, each with the line it starts on. Strict where
/// an export must be: a quote inside an unquoted field, text after a closing quote or a quote left open is
/// an error naming the line, never a guess. (The reconciliation needs those line numbers in its refusals;
/// the few rules of RFC 4180 are simpler to hold to here than to configure around.)
/// </summary>
internal static class CsvRecords
{
    public static async IAsyncEnumerable<CsvRecord> ReadAsync(TextReader text, int maxField, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var buffer = new char[16384];
        var start = line;
        var quoted = false;
        var inQuotes = false;
        var afterQuote = false;
        var atFieldStart = true;
        var pendingCarriageReturn = false;
        int read;
        while ((read = await text.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            for (var index = 0; index < read; index++)
            {
                var c = buffer[index];
                if (pendingCarriageReturn)
                {
                    pendingCarriageReturn = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                    else
                    {
                        if (c == '\n' || c == '\r')
                        {
                            line++;
                            pendingCarriageReturn = c == '\r';
                        }

                        field.Append(c);
                    }

                    continue;
                }

                if (afterQuote && c == '"')
                {
                    // A doubled quote inside a quoted field.
                    field.Append('"');
                    inQuotes = true;
                    afterQuote = false;
                    continue;
                }

                if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    quoted = afterQuote = false;
                    atFieldStart = true;
                    continue;
                }

                if (c == '\n' || c == '\r')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRecord(start, [.. fields]);
                    fields.Clear();
                    quoted = afterQuote = false;
                    atFieldStart = true;
                    line++;
                    start = line;
                    pendingCarriageReturn = c == '\r';
                    continue;
                }

                if (afterQuote)
                {
                    yield return new CsvRecord(start, [], $"text after the closing quote of a field on line {line}");
                    yield break;
                }

                if (c == '"')
                {
                    if (!atFieldStart)
                    {
                        yield return new CsvRecord(start, [], "a quote inside an unquoted field (quote the whole field and double the quotes inside)");
                        yield break;
                    }

                    quoted = inQuotes = true;
                    atFieldStart = false;
                    continue;
                }

                atFieldStart = false;
                field.Append(c);
                if (field.Length > maxField)
                {
                    yield return new CsvRecord(start, [], $"a field is longer than {maxField} characters");
                    yield break;
                }
            }
        }

        if (inQuotes)
        {
            yield return new CsvRecord(start, [], "a quoted field is never closed");
            yield break;
        }

        if (fields.Count > 0 || field.Length > 0 || quoted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, [.. fields]);
        }
    }
}

/// <summary>A record's fields and the line it starts on, or the <see cref="Problem"/> that stopped reading.</summary>
internal sealed record CsvRecord(long Line, string[] Fields, string? Problem = null);
