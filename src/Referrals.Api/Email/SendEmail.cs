using Referrals.Core.Email;
using Referrals.Core.Events;

namespace Referrals.Api.Email;

/// <summary>
/// Delivers one e-mail from the outbox; a failure leaves it in the queue for the next try. An e-mail with an
/// id is sent once: the same id queued again (a fan-out run twice) is skipped.
/// </summary>
public sealed class SendEmail(IEmailSender sender, ISentEmails sent, TimeProvider time) : IEventHandler<EmailMessage>
{
    public async Task HandleAsync(EmailMessage @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (@event.Id is { } id && await sent.WasSentAsync(id, cancellationToken))
        {
            return;
        }

        await sender.SendAsync(@event, cancellationToken);
        if (@event.Id is { } sentId)
        {
            await sent.MarkSentAsync(sentId, time.GetUtcNow(), cancellationToken);
        }
    }
}
