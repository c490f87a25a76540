using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Referrals.Core.Email;

namespace Referrals.Api.Email;

/// <summary>
/// Sends e-mails through the configured SMTP server with MailKit, one connection per e-mail (the outbox
/// worker sends a few at a time). A loopback server may speak plain SMTP; any other must offer STARTTLS.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        using var mime = ToMime(message, settings);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = IsLoopback(settings.SmtpHost!) ? SecureSocketOptions.None : SecureSocketOptions.StartTls;
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.User))
        {
            await client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>The MIME message: the configured sender under the program's name, plain text and HTML alternatives.</summary>
    public static MimeMessage ToMime(EmailMessage message, EmailOptions settings)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);
        var from = MailboxAddress.Parse(settings.From ?? throw new InvalidOperationException($"{EmailOptions.Section}:From is not set."));
        if (string.IsNullOrEmpty(from.Name))
        {
            from.Name = message.ProgramName;
        }

        var mime = new MimeMessage { Subject = message.Subject };
        if (message.Id is { } id)
        {
            // The same id on every send, so a receiver can recognise the rare duplicate of a crash between sending and marking.
            mime.MessageId = $"{id}@{from.Domain}";
        }

        mime.From.Add(from);
        foreach (var recipient in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(recipient));
        }

        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
