using Referrals.Core.Email;

namespace Referrals.Api.Email;

/// <summary>
/// Where e-mails go when no SMTP host is configured: a log line with the program, the subject and the
/// number of recipients (never the addresses, nor the body with its sign-in links).
/// </summary>
public sealed partial class LoggedEmailSender(ILogger<LoggedEmailSender> logger) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogEmail(logger, message.ProgramId, message.Subject, message.To.Count);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail not sent (no Referrals:Email:SmtpHost): program {ProgramId}, \"{Subject}\" to {Recipients} recipient(s)")]
    private static partial void LogEmail(ILogger logger, string programId, string subject, int recipients);
}
