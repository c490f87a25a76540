using Referrals.Bench.Conversions;

// "serve" runs the bare baseline; the benchmark starts itself in that mode as a child process, so the
// load driver, the real server and the baseline each have a process (and GC heap) of their own.
if (args.Length > 0 && args[0] == "serve")
{
    return await BareConversionApp.RunAsync(args[1..]);
}

if (!ConversionBenchOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(ConversionBenchOptions.Usage);
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
    await new ConversionBenchmark(options).RunAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; the child processes were stopped.");
    return 130;
}
