using System.Diagnostics;
using Azure.Data.Tables;
using Referrals.Azurite;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.Groups;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Storage;
using Referrals.Storage.Commissions;
using Referrals.Storage.Groups;
using Referrals.Storage.Payouts;
using Referrals.Storage.Programs;

// One payout run (collect + calculate) over approved commissions on Azurite; prints time and memory
// against the targets. Usage: dotnet run -c Release --project bench/Referrals.Bench.Payouts [commissions] [partners]
var commissions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var partners = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var targetTime = TimeSpan.FromSeconds(60);
const long TargetBytes = 300L * 1024 * 1024;

await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(), CancellationToken.None);
var account = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "bench" });
await account.EnsureCreatedAsync(CancellationToken.None);

var now = new DateTimeOffset(2025, 4, 3, 0, 0, 0, TimeSpan.Zero);
var programs = new TableProgramStore(account);
var program = new ReferralProgram("prg_bench", "Bench", "EUR", ["shop.example.com"], 30, CommissionPlan.OfPercent(20), TrackingMode.Durable, AttributionModel.LastClick, now.AddYears(-1), PayoutSettings.Default);
await programs.CreateAsync(program, CancellationToken.None);

// Seed: one entity-group transaction per partner (its commissions share its partition), 16 at a time.
var seeding = Stopwatch.StartNew();
var table = account.GetTableClient("Commissions");
var perPartner = commissions / partners;
await Parallel.ForEachAsync(Enumerable.Range(0, partners), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, token) =>
{
    var partnerId = $"prt_{p:D6}";
    var actions = Enumerable.Range(0, perPartner).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partnerId, $"cm_{p:D6}_{i:D3}")
    {
        ["Period"] = "2025-02",
        ["ProgramId"] = program.Id,
        ["ConversionId"] = $"cv_{p}_{i}",
        ["Status"] = nameof(CommissionStatus.Approved),
        ["Amount"] = 1_000L + i,
        ["Currency"] = "EUR",
        ["BaseAmount"] = 5_000L,
        ["BaseCurrency"] = "EUR",
        ["Rule"] = nameof(CommissionPlanKind.Percent),
        ["Rate"] = "20",
        ["Explanation"] = "20% of 50.00 EUR = 10.00 EUR.",
        ["CreatedAt"] = now.AddDays(-60).AddMinutes(i),
    }));
    foreach (var chunk in actions.Chunk(100))
    {
        await table.SubmitTransactionAsync(chunk, token);
    }
});
Console.WriteLine($"seeded {partners * perPartner:N0} approved commissions for {partners:N0} partners in {seeding.Elapsed.TotalSeconds:F1} s");

GC.Collect();
var process = Process.GetCurrentProcess();
var baseline = process.WorkingSet64;
long peakWorkingSet = baseline, peakManaged = GC.GetTotalMemory(false);
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        process.Refresh();
        peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        await Task.Delay(50);
    }
});

var time = new FixedTime(now);
var runs = new TablePayoutRunStore(account);
var ledger = new TableCommissionStore(account);
var plans = new ResolvePlan(new TablePartnerGroups(account), new TablePartnerPlans(account));
var steps = new PayoutRunSteps(programs, runs, ledger, new SilentNotifier(), new NoEvents(), new CloseTiers(programs, ledger, plans, time), time);
var watch = Stopwatch.StartNew();
var started = (StartPayoutRunOutcome.Started)await new StartPayoutRun(programs, runs, plans, time).ExecuteAsync(program.Id, new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), "bench", CancellationToken.None);
var run = await steps.AdvanceAsync(started.Run.Id, CancellationToken.None);
watch.Stop();
await sampling.CancelAsync();
await sampler;
process.Refresh();
peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);

var info = GC.GetGCMemoryInfo();
Console.WriteLine($"run {run!.Id}: {run.State}, {run.Totals!.Lines:N0} lines, {run.Totals.Payable:N0} payable (minor units)");
Console.WriteLine($"collect + calculate: {watch.Elapsed.TotalSeconds:F1} s (target ≤ {targetTime.TotalSeconds:F0} s) {(watch.Elapsed <= targetTime ? "OK" : "OVER")}");
Console.WriteLine($"working set: {baseline / 1048576.0:F0} MB before the run, peak {peakWorkingSet / 1048576.0:F0} MB during it (process peak {process.PeakWorkingSet64 / 1048576.0:F0} MB incl. seeding; target ≤ 300 MB) {(peakWorkingSet <= TargetBytes ? "OK" : "OVER")}");
Console.WriteLine($"managed heap peak {peakManaged / 1048576.0:F0} MB; GC heap {info.HeapSizeBytes / 1048576.0:F0} MB; collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
return watch.Elapsed <= targetTime && peakWorkingSet <= TargetBytes ? 0 : 1;

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed class SilentNotifier : IPayoutNotifier
{
    public Task NotifyAsync(PayoutNoticeKind kind, PayoutRun run, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class NoEvents : IEventPublisher
{
    public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken) => Task.CompletedTask;
}
