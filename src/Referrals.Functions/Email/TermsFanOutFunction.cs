using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Storage.Events;
using Referrals.Storage.Joining;

namespace Referrals.Functions.Email;

/// <summary>
/// Fans a publication of terms out into one e-mail per partner (<see cref="NotifyNewTerms"/>) from the
/// <see cref="QueueTermsFanOut.Topic"/> queue. A failure is thrown back, so the queue shows the message again
/// and, after host.json's <c>maxDequeueCount</c>, moves it to its poison queue; a run again sends nobody a
/// second e-mail (the e-mails' ids).
/// </summary>
public sealed class TermsFanOutFunction(IEventHandler<TermsPublished> notify)
{
    [Function("NotifyNewTerms")]
    public async Task RunAsync([QueueTrigger(QueueTermsFanOut.Topic)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var published = JsonSerializer.Deserialize<TermsPublished>(message.Body.ToString(), EventSerializer.Options)
            ?? throw new JsonException("The message is JSON null, not a publication of terms.");
        await notify.HandleAsync(published, cancellationToken);
    }
}
