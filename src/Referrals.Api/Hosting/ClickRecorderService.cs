using Referrals.Core.Tracking;

namespace Referrals.Api.Hosting;

/// <summary>Runs the click group-commit loop; on shutdown it stores every click already handed over before the host stops.</summary>
public sealed class ClickRecorderService(ClickRecorder recorder) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => recorder.RunAsync(stoppingToken);
}
