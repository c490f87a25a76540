using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Core.Email;
using Referrals.Core.Events;
using Referrals.Storage;
using Referrals.Storage.Email;

namespace Referrals.Functions.Email;

/// <summary>
/// Sends the e-mails of the outbox queue (<see cref="QueueEmailOutbox.Topic"/>, on the app's storage
/// account). A failed send is thrown back, so the queue shows the message again; on its last try
/// (<c>Referrals:Storage:MaxDequeueCount</c>, below host.json's <c>maxDequeueCount</c>) it goes to the
/// poison queue and the dead letters, where the dead-letter API lists and retries it like any other.
/// Sending goes through the outbox's handler, so an e-mail id already sent is not sent again.
/// </summary>
public sealed partial class EmailOutboxFunction(IEventHandler<EmailMessage> send, EmailDeadLetters deadLetters, IOptions<StorageOptions> options, ILogger<EmailOutboxFunction> logger)
{
    [Function("SendEmail")]
    public async Task RunAsync([QueueTrigger(QueueEmailOutbox.Topic)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Body.ToString();
        EmailMessage email;
        try
        {
            email = EmailDeadLetters.Read(text);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            await deadLetters.MoveAsync(text, exception, message.DequeueCount, cancellationToken);
            return;
        }

        try
        {
            await send.HandleAsync(email, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && message.DequeueCount >= options.Value.MaxDequeueCount)
        {
            LogGaveUp(logger, exception, email.ProgramId, message.DequeueCount);
            await deadLetters.MoveAsync(text, exception, message.DequeueCount, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An e-mail of program {ProgramId} failed {DequeueCount} times and went to the dead letters")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string programId, long dequeueCount);
}
