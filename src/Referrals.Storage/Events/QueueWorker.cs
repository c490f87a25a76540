using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Core.Attribution;
using Referrals.Core.Events;

namespace Referrals.Storage.Events;

/// <summary>
/// Delivers the messages of one topic's queue to the <see cref="IEventHandler{TEvent}"/> registered for
/// <typeparamref name="TEvent"/>, resolved from a new DI scope per message. A batch (up to 32 messages)
/// is handled concurrently; a message is deleted once its handler succeeds. A failed message is hidden
/// again for a delay that grows with its dequeue count (1 s, 2 s, 4 s... up to the visibility timeout);
/// after <see cref="StorageOptions.MaxDequeueCount"/> tries, or at once when it is not an event at all,
/// it is moved to the topic's poison queue with the error.
/// </summary>
/// <remarks>
/// A handler that waits for something on its way (<see cref="AttributionPendingException"/>) is not failing:
/// its message comes back after at most <see cref="MaxPendingDelay"/> and is not moved to the poison queue
/// before <see cref="MaxPendingDequeueCount"/> tries, since the handler bounds the wait itself (by the event's age).
/// </remarks>
public sealed class QueueWorker<TEvent> : BackgroundService
{
    private const int BatchSize = 32;
    private static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest a message that waits (<see cref="AttributionPendingException"/>) stays hidden before its next try.</summary>
    public static readonly TimeSpan MaxPendingDelay = TimeSpan.FromSeconds(5);

    /// <summary>The tries a waiting message gets before the poison queue: a safety net, far beyond any handler's own bound.</summary>
    public const int MaxPendingDequeueCount = 500;

    private readonly string _topic;
    private readonly IServiceProvider _services;
    private readonly StorageOptions _options;
    private readonly ILogger<QueueWorker<TEvent>> _logger;
    private readonly QueueClient _queue;
    private readonly DeadLetterWriter _deadLetters;
    private readonly TimeProvider _time;

    public QueueWorker(StorageAccount account, string topic, IServiceProvider services, IOptions<StorageOptions> options, ILogger<QueueWorker<TEvent>> logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _topic = topic;
        _services = services;
        _options = options.Value;
        _logger = logger;
        _queue = account.GetQueueClient(topic);
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _deadLetters = new DeadLetterWriter(account, _time);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueWorkerLog.Started(_logger, _topic, _queue.Name);
        var idle = MinIdleDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(BatchSize, _options.VisibilityTimeout, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A storage outage (or a queue not created yet) must not end the worker, and with it the host.
                QueueWorkerLog.ReceiveFailed(_logger, exception, _topic);
                await DelayAsync(_options.QueuePollInterval, stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                await DelayAsync(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.QueuePollInterval.Ticks));
                continue;
            }

            idle = MinIdleDelay;
            await Task.WhenAll(messages.Select(message => ProcessAsync(message, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            TEvent @event;
            try
            {
                @event = JsonSerializer.Deserialize<TEvent>(message.Body.ToMemory().Span, EventSerializer.Options)
                    ?? throw new JsonException("The message is JSON null, not an event.");
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException)
            {
                QueueWorkerLog.Undeserializable(_logger, exception, _topic, message.MessageId);
                await MoveToPoisonAsync(message, exception);
                return;
            }

            try
            {
                await using var scope = _services.CreateAsyncScope();
                var handler = scope.ServiceProvider.GetRequiredService<IEventHandler<TEvent>>();
                await handler.HandleAsync(@event, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(message);
                return;
            }
            catch (Exception exception)
            {
                await FailAsync(message, exception);
                return;
            }

            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Storage trouble while settling a message: it reappears after its visibility timeout.
            QueueWorkerLog.SettleFailed(_logger, exception, _topic, message.MessageId);
        }
    }

    private async Task FailAsync(QueueMessage message, Exception exception)
    {
        if (exception is AttributionPendingException && message.DequeueCount < MaxPendingDequeueCount)
        {
            var wait = TimeSpan.FromTicks(Math.Min(RetryDelay(message.DequeueCount).Ticks, MaxPendingDelay.Ticks));
            QueueWorkerLog.Pending(_logger, _topic, message.MessageId, message.DequeueCount, wait, exception.Message);
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, wait, CancellationToken.None);
            return;
        }

        if (message.DequeueCount >= _options.MaxDequeueCount)
        {
            QueueWorkerLog.GaveUp(_logger, exception, _topic, message.MessageId, message.DequeueCount);
            await MoveToPoisonAsync(message, exception);
            return;
        }

        var delay = RetryDelay(message.DequeueCount);
        QueueWorkerLog.HandlerFailed(_logger, exception, _topic, message.MessageId, message.DequeueCount, delay);
        await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, delay, CancellationToken.None);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, Exception exception)
    {
        // Poison queue and the log row that lists it, then the original: a failure in between leaves the
        // original to come back and be moved again, never a dead letter nobody can see.
        await _deadLetters.MoveAsync(_topic, message.Body.ToString(), exception, message.DequeueCount, CancellationToken.None);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
    }

    /// <summary>On shutdown, makes an unfinished message visible again at once instead of after its timeout.</summary>
    private async Task ReleaseAsync(QueueMessage message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            QueueWorkerLog.SettleFailed(_logger, exception, _topic, message.MessageId);
        }
    }

    private TimeSpan RetryDelay(long dequeueCount)
    {
        var seconds = Math.Pow(2, Math.Clamp(dequeueCount - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.VisibilityTimeout.TotalSeconds));
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the worker.
        }
    }

}
