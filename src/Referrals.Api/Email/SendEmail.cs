using Referrals.Core.Email;
using Referrals.Core.Events;

namespace Referrals.Api.Email;

/// <summary>Delivers one e-mail from the outbox; a failure leaves it in the queue for the next try.</summary>
public sealed class SendEmail(IEmailSender sender) : IEventHandler<EmailMessage>
{
    public Task HandleAsync(EmailMessage @event, CancellationToken cancellationToken) => sender.SendAsync(@event, cancellationToken);
}
