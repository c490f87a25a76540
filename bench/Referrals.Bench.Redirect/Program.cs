using Referrals.Bench.Redirect;
using Referrals.Bench.Redirect.Baselines;

// "serve bare|insert" runs one baseline web app; the benchmark starts itself in that mode as a child
// process, so the load driver, the real server and each baseline have a process (and GC heap) of their own.
if (args.Length > 0 && args[0] == "serve")
{
    return await BaselineApp.RunAsync(args[1..]);
}

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await new RedirectBenchmark(options).RunAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; the child processes were stopped.");
    return 130;
}
