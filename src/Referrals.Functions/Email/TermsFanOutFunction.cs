using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Storage;
using Referrals.Storage.Events;
using Referrals.Storage.Joining;

namespace Referrals.Functions.Email;

/// <summary>
/// Fans a publication of terms out into one e-mail per partner (<see cref="NotifyNewTerms"/>) from the
/// <see cref="QueueTermsFanOut.Topic"/> queue. A failure is thrown back, so the queue shows the message again;
/// on its last try (<c>Referrals:Storage:MaxDequeueCount</c>, below host.json's <c>maxDequeueCount</c>) it goes
/// to the poison queue and the dead letters, where the dead-letter API lists and retries it like any other.
/// A message that is no publication of terms goes there at once: trying it again cannot help. A run again
/// sends nobody a second e-mail (the e-mails' ids).
/// </summary>
public sealed partial class TermsFanOutFunction(IEventHandler<TermsPublished> notify, DeadLetterWriter deadLetters, IOptions<StorageOptions> options, ILogger<TermsFanOutFunction> logger)
{
    [Function("NotifyNewTerms")]
    public async Task RunAsync([QueueTrigger(QueueTermsFanOut.Topic)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Body.ToString();
        TermsPublished published;
        try
        {
            published = JsonSerializer.Deserialize<TermsPublished>(text, EventSerializer.Options)
                ?? throw new JsonException("The message is JSON null, not a publication of terms.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            await deadLetters.MoveAsync(QueueTermsFanOut.Topic, text, exception, message.DequeueCount, cancellationToken);
            return;
        }

        try
        {
            await notify.HandleAsync(published, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && message.DequeueCount >= options.Value.MaxDequeueCount)
        {
            LogGaveUp(logger, exception, published.ProgramId, published.Version, message.DequeueCount);
            await deadLetters.MoveAsync(QueueTermsFanOut.Topic, text, exception, message.DequeueCount, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fan-out of version {Version} of program {ProgramId}'s terms failed {DequeueCount} times and went to the dead letters")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string programId, int version, long dequeueCount);
}
