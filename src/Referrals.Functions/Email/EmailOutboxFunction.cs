using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Referrals.Core.Email;
using Referrals.Core.Events;
using Referrals.Functions.Hosting;
using Referrals.Storage.Email;

namespace Referrals.Functions.Email;

/// <summary>
/// Sends the e-mails of the outbox queue (<see cref="QueueEmailOutbox.Topic"/>, on the app's storage
/// account), retried and dead-lettered by <see cref="StorageQueueTries"/>. Sending goes through the
/// outbox's handler, so an e-mail id already sent is not sent again.
/// </summary>
public sealed partial class EmailOutboxFunction(IEventHandler<EmailMessage> send, StorageQueueTries tries, ILogger<EmailOutboxFunction> logger)
{
    [Function("SendEmail")]
    public Task RunAsync([QueueTrigger(QueueEmailOutbox.Topic)] QueueMessage message, CancellationToken cancellationToken) =>
        tries.RunAsync<EmailMessage>(
            QueueEmailOutbox.Topic,
            message,
            send.HandleAsync,
            (exception, email, dequeueCount) => LogGaveUp(logger, exception, email.ProgramId, dequeueCount),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An e-mail of program {ProgramId} failed {DequeueCount} times and went to the dead letters")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string programId, long dequeueCount);
}
