using Referrals.Bench.Crash;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var seconds = args.Length > 1 && args[0] == "--seconds" && int.TryParse(args[1], out var parsed) && parsed is > 0 and <= 120 ? parsed : 10;
try
{
    await new CrashRun(TimeSpan.FromSeconds(seconds)).RunAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; the child processes were stopped.");
    return 130;
}
