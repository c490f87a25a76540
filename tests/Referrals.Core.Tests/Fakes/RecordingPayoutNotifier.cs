using System.Collections.Concurrent;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Fakes;

internal sealed class RecordingPayoutNotifier : IPayoutNotifier
{
    private readonly ConcurrentQueue<(PayoutNoticeKind Kind, string RunId)> _notices = new();

    public IReadOnlyList<(PayoutNoticeKind Kind, string RunId)> Notices => [.. _notices];

    public Task NotifyAsync(PayoutNoticeKind kind, PayoutRun run, CancellationToken cancellationToken)
    {
        _notices.Enqueue((kind, run.Id));
        return Task.CompletedTask;
    }
}
