using Microsoft.Extensions.Time.Testing;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Fake time that tells when someone starts waiting on it (a timer was created).</summary>
internal sealed class WatchedTimeProvider() : FakeTimeProvider(Sample.Now)
{
    private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task TimerCreated => _timerCreated.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timerCreated.TrySetResult();
        return timer;
    }
}
