namespace Referrals.Api.Email;

/// <summary>
/// The mail server, section <c>Referrals:Email</c>. Without <see cref="SmtpHost"/> e-mails are only logged.
/// Outside loopback the connection must upgrade to TLS (STARTTLS) before anything is sent.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Referrals:Email";

    /// <summary>The SMTP server's host name; e-mails are logged instead of sent when empty.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>The SMTP server's port (587, submission, unless set).</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>The sender, <c>partners@example.com</c> or <c>Acme partners &lt;partners@example.com&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>The SMTP user name, when the server wants one.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Finance's addresses: a payout run awaiting its decision is e-mailed to them with its signed links.</summary>
    public string[] Finance { get; set; } = [];

    /// <summary>The problem with these settings, or null when they are usable.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(SmtpHost))
        {
            return null;
        }

        if (SmtpPort is < 1 or > 65535)
        {
            return $"{Section}:SmtpPort must be between 1 and 65535.";
        }

        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            return $"{Section}:From is required with {Section}:SmtpHost: the sender's address, such as partners@example.com.";
        }

        return string.IsNullOrEmpty(User) == string.IsNullOrEmpty(Password)
            ? null
            : $"{Section}:User and {Section}:Password go together.";
    }
}
