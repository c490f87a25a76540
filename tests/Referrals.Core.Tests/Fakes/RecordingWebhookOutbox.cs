using System.Collections.Concurrent;
using Referrals.Core.OutboundWebhooks;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Keeps the recorded webhook events; fails the next <see cref="FailNext"/> calls, as a storage outage would.</summary>
public sealed class RecordingWebhookOutbox : IWebhookOutbox
{
    public ConcurrentQueue<WebhookEvent> Events { get; } = new();

    public int FailNext { get; set; }

    public Task RecordAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException("The outbox is unreachable.");
        }

        Events.Enqueue(webhookEvent);
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Types => Events.Select(e => e.Type).ToList();
}
