namespace Referrals.Core.Email;

/// <summary>
/// Where requests leave their e-mails: a durable queue that a worker drains through <see cref="IEmailSender"/>,
/// so a slow or failing mail server never fails the request that wrote the e-mail.
/// </summary>
public interface IEmailOutbox
{
    Task EnqueueAsync(EmailMessage message, CancellationToken cancellationToken);
}
