using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Functions.Hosting;
using Referrals.Storage.Joining;

namespace Referrals.Functions.Email;

/// <summary>
/// Fans a publication of terms out into one e-mail per partner (<see cref="NotifyNewTerms"/>) from the
/// <see cref="QueueTermsFanOut.Topic"/> queue, retried and dead-lettered by <see cref="StorageQueueTries"/>.
/// A run again sends nobody a second e-mail (the e-mails' ids).
/// </summary>
public sealed partial class TermsFanOutFunction(IEventHandler<TermsPublished> notify, StorageQueueTries tries, ILogger<TermsFanOutFunction> logger)
{
    [Function("NotifyNewTerms")]
    public Task RunAsync([QueueTrigger(QueueTermsFanOut.Topic)] QueueMessage message, CancellationToken cancellationToken) =>
        tries.RunAsync<TermsPublished>(
            QueueTermsFanOut.Topic,
            message,
            notify.HandleAsync,
            (exception, published, dequeueCount) => LogGaveUp(logger, exception, published.ProgramId, published.Version, dequeueCount),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fan-out of version {Version} of program {ProgramId}'s terms failed {DequeueCount} times and went to the dead letters")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string programId, int version, long dequeueCount);
}
