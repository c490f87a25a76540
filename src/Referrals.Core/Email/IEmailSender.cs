namespace Referrals.Core.Email;

/// <summary>Hands an e-mail to the mail server (or the log, when none is configured); throws when it cannot.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
