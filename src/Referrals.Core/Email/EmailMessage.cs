namespace Referrals.Core.Email;

/// <summary>
/// One e-mail as it travels through the outbox: the program it speaks for (its id names the dead letter
/// when sending keeps failing), the recipients, the subject and the body in plain text and HTML.
/// <see cref="Id"/>, when set, names the e-mail: one with an id already sent is not sent again (a fan-out
/// run twice), and it becomes the message's Message-ID.
/// </summary>
public sealed record EmailMessage(
    string ProgramId,
    string ProgramName,
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    string Html,
    string? Id = null);
