using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.Storage.Tests.Events;

public sealed class QueueWorkerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Topic = Topics.ConversionReceived;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_published_event_reaches_its_handler_and_leaves_the_queue()
    {
        var account = await CreateAccountAsync();
        var handler = new RecordingHandler<ConversionReceived>();
        await using var worker = await StartWorkerAsync(account, handler);
        var sent = new ConversionReceived("prg_a", "cv_1");

        await new QueueEventPublisher(account).PublishAsync(Topic, sent, default);

        Assert.Equal(sent, await handler.Received.Reader.ReadAsync(new CancellationTokenSource(Patience).Token));
        await Eventually(async () => (await account.GetQueueClient(Topic).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [Fact]
    public async Task Events_travel_as_camel_case_json_with_enums_as_strings()
    {
        var account = await CreateAccountAsync();

        await new QueueEventPublisher(account).PublishAsync(Topic, new StatusChanged("cm_1", CommissionStatus.Approved), default);

        var message = (await account.GetQueueClient(Topic).PeekMessageAsync()).Value;
        Assert.Equal("""{"commissionId":"cm_1","status":"approved"}""", message.Body.ToString());
    }

    [Fact]
    public async Task An_event_too_large_for_a_queue_message_is_refused_before_sending()
    {
        var account = await CreateAccountAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new QueueEventPublisher(account).PublishAsync(Topic, new ConversionReceived("prg_a", new string('x', 70_000)), default));

        Assert.Contains("at most 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_handler_always_fails_ends_in_the_poison_queue_with_its_error()
    {
        var account = await CreateAccountAsync();
        var handler = new FailingHandler();
        await using var worker = await StartWorkerAsync(account, handler);
        await new QueueEventPublisher(account).PublishAsync(Topic, new ConversionReceived("prg_a", "cv_1"), default);

        var poison = await ReceivePoisonAsync(account);

        Assert.Equal("""{"programId":"prg_a","conversionId":"cv_1"}""", poison.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException: The handler failed for cv_1", poison.GetProperty("error").GetString());
        Assert.Equal(3, poison.GetProperty("dequeueCount").GetInt32());
        Assert.True(poison.TryGetProperty("failedAt", out _));
        Assert.Equal(3, handler.Calls);

        // The poison message is sent first, then recorded in the dead-letter log, then the original goes.
        await Eventually(async () => (await account.GetQueueClient(Topic).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        var letter = Assert.Single(await new DeadLetterLog(account).ListAsync("prg_a", after: null, limit: 10, default));
        Assert.Equal((Topic, "System.InvalidOperationException: The handler failed for cv_1"), (letter.Topic, letter.Error));
    }

    [Fact]
    public async Task A_handler_that_waits_more_times_than_failures_are_allowed_is_not_moved_to_the_poison_queue()
    {
        var account = await CreateAccountAsync();
        var handler = new FailingHandler(failures: 4, pending: true);
        await using var worker = await StartWorkerAsync(account, handler);

        await new QueueEventPublisher(account).PublishAsync(Topic, new ConversionReceived("prg_a", "cv_1"), default);

        await Eventually(() => Task.FromResult(handler.Succeeded == 1));
        Assert.Equal(5, handler.Calls);
        Assert.Null((await account.GetPoisonQueueClient(Topic).PeekMessageAsync()).Value);
    }

    [Fact]
    public async Task A_handler_that_fails_once_succeeds_on_the_retry()
    {
        var account = await CreateAccountAsync();
        var handler = new FailingHandler(failures: 1);
        await using var worker = await StartWorkerAsync(account, handler);

        await new QueueEventPublisher(account).PublishAsync(Topic, new ConversionReceived("prg_a", "cv_1"), default);

        await Eventually(() => Task.FromResult(handler.Succeeded == 1));
        Assert.Equal(2, handler.Calls);
        await Eventually(async () => (await account.GetQueueClient(Topic).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        Assert.Null((await account.GetPoisonQueueClient(Topic).PeekMessageAsync()).Value);
    }

    [Fact]
    public async Task A_message_that_is_not_an_event_goes_to_the_poison_queue_at_once()
    {
        var account = await CreateAccountAsync();
        var handler = new RecordingHandler<ConversionReceived>();
        await using var worker = await StartWorkerAsync(account, handler);

        await account.GetQueueClient(Topic).SendMessageAsync("this is not json");

        var poison = await ReceivePoisonAsync(account);
        Assert.Equal("this is not json", poison.GetProperty("message").GetString());
        Assert.StartsWith("System.Text.Json.JsonException", poison.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, poison.GetProperty("dequeueCount").GetInt32());
        Assert.False(handler.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_batch_of_messages_is_handled_concurrently()
    {
        var account = await CreateAccountAsync();
        var handler = new GateHandler(expected: 10);
        var publisher = new QueueEventPublisher(account);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => publisher.PublishAsync(Topic, new ConversionReceived("prg_a", $"cv_{i}"), default)));

        await using var worker = await StartWorkerAsync(account, handler);

        // Each handler waits until all ten run at once; one at a time would never get there.
        await handler.AllRunning.Task.WaitAsync(Patience);
    }

    private Task<StorageAccount> CreateAccountAsync() => azurite.CreateAccountAsync(ShortRetries);

    private static void ShortRetries(StorageOptions options)
    {
        options.MaxDequeueCount = 3;
        options.VisibilityTimeout = TimeSpan.FromSeconds(2);
        options.QueuePollInterval = TimeSpan.FromMilliseconds(100);
    }

    private static async Task<RunningWorker> StartWorkerAsync<TEvent>(StorageAccount account, IEventHandler<TEvent> handler)
    {
        var services = new ServiceCollection().AddScoped(_ => handler).BuildServiceProvider();
        var options = new StorageOptions { ConnectionString = "unused", Prefix = account.Prefix };
        ShortRetries(options);
        var worker = new QueueWorker<TEvent>(account, Topic, services, Options.Create(options), NullLogger<QueueWorker<TEvent>>.Instance);
        await worker.StartAsync(default);
        return new RunningWorker(worker, services);
    }

    private static async Task<JsonElement> ReceivePoisonAsync(StorageAccount account)
    {
        var poisonQueue = account.GetPoisonQueueClient(Topic);
        JsonElement? found = null;
        await Eventually(async () =>
        {
            var message = (await poisonQueue.ReceiveMessageAsync()).Value;
            found = message is null ? null : JsonDocument.Parse(message.Body.ToString()).RootElement.Clone();
            return found is not null;
        });
        return found!.Value;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private sealed record StatusChanged(string CommissionId, CommissionStatus Status);

    private sealed class RunningWorker(Microsoft.Extensions.Hosting.BackgroundService worker, ServiceProvider services) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync(default);
            worker.Dispose();
            await services.DisposeAsync();
        }
    }

    private sealed class RecordingHandler<TEvent> : IEventHandler<TEvent>
    {
        public System.Threading.Channels.Channel<TEvent> Received { get; } = System.Threading.Channels.Channel.CreateUnbounded<TEvent>();

        public Task HandleAsync(TEvent @event, CancellationToken cancellationToken) => Received.Writer.WriteAsync(@event, cancellationToken).AsTask();
    }

    private sealed class FailingHandler(int failures = int.MaxValue, bool pending = false) : IEventHandler<ConversionReceived>
    {
        private int _calls;
        private int _succeeded;

        public int Calls => _calls;

        public int Succeeded => _succeeded;

        public Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw pending
                    ? new Referrals.Core.Attribution.OriginalPaymentPendingException("cv_sale", @event.ConversionId)
                    : new InvalidOperationException($"The handler failed for {@event.ConversionId}");
            }

            Interlocked.Increment(ref _succeeded);
            return Task.CompletedTask;
        }
    }

    private sealed class GateHandler(int expected) : IEventHandler<ConversionReceived>
    {
        private readonly ConcurrentDictionary<string, bool> _running = new();

        public TaskCompletionSource AllRunning { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
        {
            _running[@event.ConversionId] = true;
            if (_running.Count >= expected)
            {
                AllRunning.TrySetResult();
            }

            await AllRunning.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
    }
}
