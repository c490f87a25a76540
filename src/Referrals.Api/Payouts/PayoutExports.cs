using Microsoft.Extensions.Options;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Api.Payouts;

/// <summary>
/// Reads a paid run with what its exports need (each paid line's partner and payout details, read
/// through the details store, which decrypts them) and builds the PayPal, Wise and journal files and
/// the summary of what each leaves out.
/// </summary>
public sealed class PayoutExports(IPayoutRunStore runs, IPartnerStore partners, IPayoutDetailsStore details, IProgramStore programs, IOptions<AccountingOptions> accounting)
{
    private const int Parallelism = 16;

    /// <summary>The run and its paid lines (by partner id), or null when there is no such run. Lines are read only for a paid run.</summary>
    public async Task<PaidRun?> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var run = stored.Run;
        if (run.State != PayoutRunState.Paid)
        {
            return new PaidRun(run, string.Empty, []);
        }

        var lines = new List<PayoutLine>();
        await foreach (var line in runs.StreamLinesAsync(runId, cancellationToken))
        {
            if (line.Status == PayoutLineStatus.Paid)
            {
                lines.Add(line);
            }
        }

        var paid = new PaidPartnerLine[lines.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, lines.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var line = lines[index];
                var partner = await partners.GetAsync(line.PartnerId, token);
                paid[index] = new PaidPartnerLine(line, partner?.Name ?? line.PartnerId, partner?.Email ?? string.Empty, await details.GetAsync(line.PartnerId, token));
            });
        var program = await programs.GetAsync(run.ProgramId, cancellationToken);
        return new PaidRun(run, program?.Name ?? run.ProgramId, paid);
    }

    /// <summary>The file of <paramref name="format"/> for a paid run, and what it leaves out.</summary>
    public (byte[] Content, PayoutExportSelection Selection) Build(PaidRun paid, PayoutExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var selection = PayoutExportSelection.For(format, paid.Lines);
        var content = format switch
        {
            PayoutExportFormat.PayPal => PayoutExportFiles.PayPal(paid.Run, paid.ProgramName, selection),
            PayoutExportFormat.Wise => PayoutExportFiles.Wise(paid.Run, selection),
            _ => Journal(paid, selection),
        };
        return (content, selection);
    }

    /// <summary>Each export's lines and total, and the paid lines it leaves out with the reason.</summary>
    public static PayoutExportsResponse Summarize(PaidRun paid)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var run = paid.Run;
        return new PayoutExportsResponse(
            run.Id,
            run.Currency,
            paid.Lines.Count,
            paid.Lines.Sum(line => line.Line.Amount),
            [.. PayoutExportFormats.All.Select(format =>
            {
                var selection = PayoutExportSelection.For(format, paid.Lines);
                var token = PayoutExportFormats.Token(format);
                return new PayoutExportResponse(
                    token,
                    $"/api/v1/payout-runs/{Uri.EscapeDataString(run.Id)}/exports/{token}",
                    PayoutExportFiles.NameOf(format, run.Id),
                    selection.Included.Count,
                    selection.IncludedAmount,
                    selection.Missing.Count,
                    selection.MissingAmount,
                    selection.Missing);
            })]);
    }

    private byte[] Journal(PaidRun paid, PayoutExportSelection selection)
    {
        var accounts = accounting.Value.For(paid.Run.ProgramId);
        var journal = PayoutJournal.For(paid.Run, paid.ProgramName, DateOnly.FromDateTime(paid.PaidAt.UtcDateTime), selection.Included, accounts);
        return PayoutExportFiles.Journal(journal, paid.Run.Currency, accounts.TaxRate);
    }
}
