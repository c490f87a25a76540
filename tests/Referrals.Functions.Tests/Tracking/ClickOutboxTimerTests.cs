using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Events;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.Functions.Tracking;
using Referrals.Storage;

namespace Referrals.Functions.Tests.Tracking;

/// <summary>
/// The click outbox runs as a timer function: a stored flush whose <c>clicks-recorded</c> event was lost
/// (the instance died between storing and publishing) is published again, so the acknowledged click is counted.
/// </summary>
public sealed class ClickOutboxTimerTests(ClickOutboxTimerTests.QuickSweepApp app) : IClassFixture<ClickOutboxTimerTests.QuickSweepApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_stored_click_whose_event_was_lost_is_published_again_by_the_timer()
    {
        var queue = app.Services.GetRequiredService<StorageAccount>().GetQueueClient(Topics.ClicksRecorded);
        var (_, code) = await _api.CreateLinkAsync();
        var redirect = await _api.VisitAsync(code);
        Assert.Equal(302, redirect.Status);

        // The recorder publishes the flush's event; losing it is what a crash right after the write does.
        Assert.True(await WaitForMessagesAsync(queue, code, publish: null), "The redirect's flush was never published.");
        await queue.ClearMessagesAsync();

        var timer = ActivatorUtilities.CreateInstance<ClickOutboxTimer>(app.Services);
        var republished = await WaitForMessagesAsync(queue, code, publish: () => timer.RunAsync(new TimerInfo(), CancellationToken.None));

        Assert.True(republished, "The timer did not publish clicks-recorded again for the unprojected flush.");
    }

    /// <summary>Polls the queue (running <paramref name="publish"/> before each look) until a message names <paramref name="linkCode"/>.</summary>
    private static async Task<bool> WaitForMessagesAsync(QueueClient queue, string linkCode, Func<Task>? publish)
    {
        var until = DateTimeOffset.UtcNow + Deadline;
        while (DateTimeOffset.UtcNow < until)
        {
            if (publish is not null)
            {
                await publish();
            }

            var peeked = await queue.PeekMessagesAsync(maxMessages: 32);
            if (peeked.Value.Any(message => message.Body.ToString().Contains(linkCode, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The app with the outbox's republish delay short enough for a test.</summary>
    public sealed class QuickSweepApp : FunctionsApp
    {
        protected override void Configure(IDictionary<string, string?> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Referrals:Clicks:RepublishAfter"] = "00:00:00.500";
        }
    }
}
