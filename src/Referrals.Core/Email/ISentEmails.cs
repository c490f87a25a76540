namespace Referrals.Core.Email;

/// <summary>
/// The ids of e-mails already handed to the mail server, so an e-mail queued twice under the same
/// <see cref="EmailMessage.Id"/> is sent once. Marked after sending: a crash between the two may send one
/// e-mail twice (with the same Message-ID), never lose one.
/// </summary>
public interface ISentEmails
{
    Task<bool> WasSentAsync(string emailId, CancellationToken cancellationToken);

    Task MarkSentAsync(string emailId, DateTimeOffset sentAt, CancellationToken cancellationToken);
}
