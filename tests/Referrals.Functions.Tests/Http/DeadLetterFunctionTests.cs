using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Joining;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.ServiceBus;
using Referrals.Storage;
using Referrals.Storage.Events;
using Referrals.Storage.Joining;

namespace Referrals.Functions.Tests.Http;

/// <summary>
/// The dead-letter API of the Functions app over Service Bus's dead letters (the adapter over a
/// dead-letter subqueue kept in memory): listed as the poison queues are, retried once.
/// </summary>
public sealed class DeadLetterFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);
    private readonly Subqueue _subqueue = new();

    [Fact]
    public async Task A_service_bus_dead_letter_is_listed_for_its_program_and_a_retry_sends_it_again_once()
    {
        var programId = await _api.CreateProgramAsync();
        _subqueue.Add(ServiceBusMessages.From(EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived(programId, "cnv_dead"))));
        IDeadLetters deadLetters = new ServiceBusDeadLetters(_subqueue);

        var listed = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters").WithAdminKey(),
            (functions, request) => functions.ListAsync(request, programId),
            deadLetters);

        Assert.True(listed.Status == 200, $"ListDeadLetters answered {listed}");
        var letter = Assert.Single(listed.Json.EnumerateArray().ToList());
        Assert.Equal(Topics.ConversionReceived, letter.GetProperty("topic").GetString());
        Assert.Contains("cnv_dead", letter.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("AttemptsExhausted: Attempt 6 of 6 failed", letter.GetProperty("error").GetString());
        var id = letter.GetProperty("id").GetString()!;

        var retried = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/dead-letters/{id}/retry", string.Empty).WithAdminKey(),
            (functions, request) => functions.RetryAsync(request, programId, id),
            deadLetters);
        var again = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/dead-letters/{id}/retry", string.Empty).WithAdminKey(),
            (functions, request) => functions.RetryAsync(request, programId, id),
            deadLetters);
        var after = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters").WithAdminKey(),
            (functions, request) => functions.ListAsync(request, programId),
            deadLetters);

        Assert.True(retried.Status == 202, $"RetryDeadLetter answered {retried}");
        Assert.Equal(404, again.Status);
        var sent = Assert.Single(_subqueue.Sent);
        Assert.Equal(Topics.ConversionReceived, sent.Queue);
        Assert.Contains("cnv_dead", sent.Message.Body.ToString(), StringComparison.Ordinal);
        Assert.Empty(after.Json.EnumerateArray());
    }

    [Fact]
    public async Task With_service_bus_the_storage_queues_dead_letters_are_listed_beside_the_events_and_each_is_retried_where_it_came_from()
    {
        var programId = await _api.CreateProgramAsync();
        var account = app.Services.GetRequiredService<StorageAccount>();
        _subqueue.Add(ServiceBusMessages.From(EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived(programId, "cnv_dead"))));
        var terms = EventEnvelope.For(QueueTermsFanOut.Topic, new TermsPublished(programId, 3, "https://portal.example.com/")).Body;
        var stored = await new DeadLetterWriter(account, TimeProvider.System).MoveAsync(QueueTermsFanOut.Topic, terms, new InvalidOperationException("outbox refused"), 5, default);
        IDeadLetters deadLetters = new CombinedDeadLetters(new ServiceBusDeadLetters(_subqueue), new DeadLetterQueue(account));

        var listed = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters").WithAdminKey(),
            (functions, request) => functions.ListAsync(request, programId),
            deadLetters);
        var retried = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/dead-letters/{stored.Id}/retry", string.Empty).WithAdminKey(),
            (functions, request) => functions.RetryAsync(request, programId, stored.Id),
            deadLetters);
        var after = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters").WithAdminKey(),
            (functions, request) => functions.ListAsync(request, programId),
            deadLetters);

        Assert.True(listed.Status == 200, $"ListDeadLetters answered {listed}");
        Assert.Equal(
            [Topics.ConversionReceived, QueueTermsFanOut.Topic],
            listed.Json.EnumerateArray().Select(letter => letter.GetProperty("topic").GetString()).Order(StringComparer.Ordinal));
        Assert.True(retried.Status == 202, $"RetryDeadLetter answered {retried}");
        Assert.Empty(_subqueue.Sent);
        var requeued = (await account.GetQueueClient(QueueTermsFanOut.Topic).PeekMessagesAsync(32)).Value;
        Assert.Contains(requeued, message => message.Body.ToString() == terms);
        Assert.Equal(Topics.ConversionReceived, Assert.Single(after.Json.EnumerateArray()).GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Without_an_admin_key_the_dead_letters_are_not_shown()
    {
        var programId = await _api.CreateProgramAsync();

        var listed = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters"),
            (functions, request) => functions.ListAsync(request, programId),
            (IDeadLetters)new ServiceBusDeadLetters(_subqueue));

        Assert.Equal(401, listed.Status);
    }

    /// <summary>The conversion queue's dead-letter subqueue in memory: peeked, received under a lock, completed or abandoned.</summary>
    private sealed class Subqueue : IDeadLetterReceiver
    {
        private readonly List<ServiceBusReceivedMessage> _messages = [];
        private readonly HashSet<long> _locked = [];

        public List<(string Queue, ServiceBusMessage Message)> Sent { get; } = [];

        public void Add(ServiceBusMessage sent) => _messages.Add(ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, contentType: sent.ContentType, subject: sent.Subject,
            properties: new Dictionary<string, object>(sent.ApplicationProperties) { ["DeadLetterReason"] = "AttemptsExhausted", ["DeadLetterErrorDescription"] = "Attempt 6 of 6 failed" },
            deliveryCount: 1, sequenceNumber: _messages.Count + 1, enqueuedTime: DateTimeOffset.UtcNow));

        public Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAsync(string queue, long fromSequenceNumber, int maxMessages, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(queue == Topics.ConversionReceived ? [.. _messages.Where(m => m.SequenceNumber >= fromSequenceNumber).Take(maxMessages)] : []);

        public Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(string queue, int maxMessages, CancellationToken cancellationToken)
        {
            var batch = queue == Topics.ConversionReceived ? _messages.Where(m => _locked.Add(m.SequenceNumber)).Take(maxMessages).ToList() : [];
            return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
        }

        public Task CompleteAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
        {
            _locked.Remove(message.SequenceNumber);
            _messages.Remove(message);
            return Task.CompletedTask;
        }

        public Task AbandonAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
        {
            _locked.Remove(message.SequenceNumber);
            return Task.CompletedTask;
        }

        public Task SendAsync(string queue, ServiceBusMessage message, CancellationToken cancellationToken)
        {
            Sent.Add((queue, message));
            return Task.CompletedTask;
        }
    }
}
