using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Referrals.Api.Reconciliation;
using Referrals.Azurite;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;
using Referrals.Storage;
using Referrals.Storage.Conversions;
using Referrals.Storage.Reconciliation;

// Reconciliation of a Stripe payments export against stored conversions on Azurite, streamed: rows/s and
// peak memory, against a baseline measured in the same run (reading the same file without comparing).
// Usage: dotnet run -c Release --project bench/Referrals.Bench.Reconciliation [--rows 100000] [--runs 3] [--ceiling-mb 200]
var rows = Option("--rows", 100_000);
var runs = Option("--runs", 3);
var ceiling = Option("--ceiling-mb", 200) * 1024L * 1024;
const string ProgramId = "prg_bench";
var now = new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero);

await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(), CancellationToken.None);
// A shared, busy machine answers slowly at times: a longer network timeout than the hosts' keeps a bulk seed from failing.
var account = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "bench", NetworkTimeout = TimeSpan.FromSeconds(30) });
await account.EnsureCreatedAsync(CancellationToken.None);

// Recorded: payments 0..rows-1 except every 100th (missing from our side); 1 in 100 recorded with another amount (differing);
// the export lacks 1 in 100 of ours (extra). Conversions and their payment-index rows are written as Table transactions
// (upserts: a transaction retried after a timeout must not fail on its own first write).
var seeding = Stopwatch.StartNew();
var conversions = account.GetTableClient("Conversions");
var payments = account.GetTableClient("Payments");
bool Recorded(int n) => n % 100 != 0;
bool Exported(int n) => n % 100 != 50;
DateTimeOffset At(int n) => now.AddDays(-30).AddSeconds(n * 20);
await Parallel.ForEachAsync(Enumerable.Range(0, (rows + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, token) =>
{
    var numbers = Enumerable.Range(chunk * 100, 100).Where(n => n < rows && Recorded(n)).ToList();
    await conversions.SubmitTransactionAsync(numbers.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(ProgramId, Conversion.IdFor(ProgramId, "stripe", $"evt_{n:D7}"))
    {
        ["Source"] = "stripe",
        ["EventId"] = $"evt_{n:D7}",
        ["Type"] = nameof(ConversionType.Sale),
        ["Amount"] = n % 100 == 7 ? 4_000L : 5_000L,
        ["Currency"] = "EUR",
        ["CustomerId"] = $"cus_{n}",
        ["OccurredAt"] = At(n),
        ["ReceivedAt"] = At(n),
        ["PaymentReference"] = $"pi_{n:D7}",
    })), token);
    await payments.SubmitTransactionAsync(numbers.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(ProgramId, Identifiers.Stable("pay", "stripe", $"pi_{n:D7}"))
    {
        ["Source"] = "stripe",
        ["PaymentReference"] = $"pi_{n:D7}",
        ["ConversionId"] = Conversion.IdFor(ProgramId, "stripe", $"evt_{n:D7}"),
    })), token);
});
Console.WriteLine($"seeded {Enumerable.Range(0, rows).Count(Recorded):N0} conversions in {seeding.Elapsed.TotalSeconds:F1} s");

var export = Path.Combine(Path.GetTempPath(), $"stripe-payments-{rows}.csv");
await using (var writer = new StreamWriter(export))
{
    await writer.WriteLineAsync("id,Description,Created (UTC),Amount,Amount Refunded,Currency,Fee,Tax,Status,Customer ID,Customer Email,PaymentIntent ID,ref_click (metadata),ref_code (metadata)");
    foreach (var n in Enumerable.Range(0, rows).Where(Exported))
    {
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ch_{n:D7},Payment for order {n},{At(n).UtcDateTime:yyyy-MM-dd HH:mm},50.00,0.00,eur,1.75,0.00,Paid,cus_{n},buyer{n}@example.com,pi_{n:D7},,"));
    }
}

Console.WriteLine($"export: {new FileInfo(export).Length / 1048576.0:F1} MB, {Enumerable.Range(0, rows).Count(Exported):N0} rows");
var store = new TableReconciliationStore(account);
var conversionStore = new TableConversionStore(account);
var reconcile = new ReconcileExport(conversionStore, conversionStore, store, TimeProvider.System);
var parseRates = new List<double>();
var reconcileRates = new List<double>();
long peakManaged = 0, peakWorkingSet = 0;
Reconciliation? last = null;
for (var run = 1; run <= runs; run++)
{
    // Baseline: both reads of the file the endpoint makes, without storage.
    var parse = Stopwatch.StartNew();
    var parsed = await SummarizeAsync(export);
    await CountAsync(export);
    parse.Stop();
    parseRates.Add(parsed.Rows / parse.Elapsed.TotalSeconds);

    GC.Collect();
    using var sampling = new CancellationTokenSource();
    var process = Process.GetCurrentProcess();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
            await Task.Delay(20);
        }
    });
    var watch = Stopwatch.StartNew();
    var summary = await SummarizeAsync(export);
    using (var reader = new StreamReader(export, ExportReader.Utf8))
    {
        last = await reconcile.ExecuteAsync(ProgramId, ExportFormat.StripePayments, "stripe", summary, Payments(reader), CancellationToken.None);
    }

    watch.Stop();
    await sampling.CancelAsync();
    await sampler;
    reconcileRates.Add(summary.Rows / watch.Elapsed.TotalSeconds);
    Console.WriteLine($"run {run}: parse {parseRates[^1]:N0} rows/s; reconcile {reconcileRates[^1]:N0} rows/s ({watch.Elapsed.TotalSeconds:F1} s): " +
        $"{last.Matched:N0} matched, {last.Missing:N0} missing, {last.Differing:N0} differing, {last.Extra:N0} extra");
}

File.Delete(export);
var info = GC.GetGCMemoryInfo();
Console.WriteLine($"reconcile rows/s min/median/max: {reconcileRates.Min():N0} / {Median(reconcileRates):N0} / {reconcileRates.Max():N0}");
Console.WriteLine($"parse baseline rows/s min/median/max: {parseRates.Min():N0} / {Median(parseRates):N0} / {parseRates.Max():N0}");
Console.WriteLine($"reconcile / parse (median): {Median(reconcileRates) / Median(parseRates):P2}");
Console.WriteLine($"peak managed heap {peakManaged / 1048576.0:F0} MB (ceiling {ceiling / 1048576} MB) {(peakManaged <= ceiling ? "OK" : "OVER")}; " +
    $"peak working set {peakWorkingSet / 1048576.0:F0} MB; GC heap now {info.HeapSizeBytes / 1048576.0:F0} MB");
return peakManaged <= ceiling ? 0 : 1;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task<ExportSummary> SummarizeAsync(string path)
{
    using var reader = new StreamReader(path, ExportReader.Utf8);
    long count = 0, skipped = 0;
    DateTimeOffset? from = null, to = null;
    await foreach (var row in ExportReader.ReadAsync(ExportFormat.StripePayments, reader, CancellationToken.None))
    {
        if (row.Problem is not null)
        {
            throw new InvalidOperationException(row.Problem);
        }

        if (row.Payment is not { } payment)
        {
            skipped++;
            continue;
        }

        count++;
        from = from is null || payment.CreatedAt < from ? payment.CreatedAt : from;
        to = to is null || payment.CreatedAt > to ? payment.CreatedAt : to;
    }

    return new ExportSummary(count, skipped, from, to?.AddMinutes(1), ReportsRefunds: true);
}

static async Task<long> CountAsync(string path)
{
    using var reader = new StreamReader(path, ExportReader.Utf8);
    long count = 0;
    await foreach (var _ in Payments(reader))
    {
        count++;
    }

    return count;
}

static async IAsyncEnumerable<ExportPayment> Payments(StreamReader reader)
{
    await foreach (var row in ExportReader.ReadAsync(ExportFormat.StripePayments, reader, CancellationToken.None))
    {
        if (row.Payment is { } payment)
        {
            yield return payment;
        }
    }
}
