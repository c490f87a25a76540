using System.Globalization;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Email;

/// <summary>
/// Every e-mail the product sends, composed in one place: the wording, the subject and the links, in
/// plain text and HTML, always naming the program. Callers put the result in the <see cref="IEmailOutbox"/>.
/// </summary>
public static class EmailMessages
{
    /// <summary>To an applicant: the application arrived and waits for the program's review.</summary>
    public static EmailMessage ApplicationReceived(ReferralProgram program, string name, string email)
    {
        ArgumentNullException.ThrowIfNull(program);
        return new EmailBody()
            .Paragraph($"Hello {name},")
            .Paragraph($"Thank you for applying to the {program.Name} partner program. We will review your application and write to you again.")
            .ToMessage(program.Id, program.Name, [email], $"{program.Name}: we received your application");
    }

    /// <summary>To a new partner: welcome, the first link to share, and a sign-in link to the portal.</summary>
    public static EmailMessage Approved(ReferralProgram program, Partner partner, string signInUrl, string? firstLinkUrl)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        var body = new EmailBody()
            .Paragraph($"Hello {partner.Name},")
            .Paragraph($"Welcome to the {program.Name} partner program: your application is approved.");
        if (firstLinkUrl is not null)
        {
            body.Link("Your first link to share", firstLinkUrl);
        }

        return body
            .Link("Open your partner portal", signInUrl)
            .Paragraph("The sign-in link works once, for a short time. Ask the program for a new one when it has expired.")
            .ToMessage(program.Id, program.Name, [partner.Email], $"Welcome to the {program.Name} partner program");
    }

    /// <summary>To an applicant the program turned down, with the reason when one was given.</summary>
    public static EmailMessage Rejected(ReferralProgram program, string name, string email, string? reason)
    {
        ArgumentNullException.ThrowIfNull(program);
        var body = new EmailBody()
            .Paragraph($"Hello {name},")
            .Paragraph($"Thank you for your interest in the {program.Name} partner program. We cannot accept your application.");
        if (!string.IsNullOrWhiteSpace(reason))
        {
            body.Paragraph($"Reason: {reason}");
        }

        return body.ToMessage(program.Id, program.Name, [email], $"{program.Name}: about your application");
    }

    /// <summary>To a partner: the program published new terms, to accept in the portal.</summary>
    public static EmailMessage NewTerms(ReferralProgram program, Partner partner, int version, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        return new EmailBody()
            .Paragraph($"Hello {partner.Name},")
            .Paragraph($"The {program.Name} partner program has new terms (version {version.ToString(CultureInfo.InvariantCulture)}). Please read and accept them in your portal.")
            .Link("Open your partner portal", portalUrl)
            .ToMessage(program.Id, program.Name, [partner.Email], $"{program.Name}: new terms to accept");
    }

    /// <summary>To a partner: their payout details changed (so a change they did not make is noticed).</summary>
    public static EmailMessage PayoutDetailsChanged(ReferralProgram program, Partner partner, DateTimeOffset changedAt, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        return new EmailBody()
            .Paragraph($"Hello {partner.Name},")
            .Paragraph($"The payout details of your {program.Name} partner account were changed on {changedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.")
            .Paragraph("If you did not make this change, contact the program at once.")
            .Link("Open your partner portal", portalUrl)
            .ToMessage(program.Id, program.Name, [partner.Email], $"{program.Name}: your payout details changed");
    }

    /// <summary>To a partner: a payout was paid, with its amount and period.</summary>
    public static EmailMessage PayoutPaid(ReferralProgram program, Partner partner, Money amount, string period)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        return new EmailBody()
            .Paragraph($"Hello {partner.Name},")
            .Paragraph($"Your {program.Name} commissions for {period} have been paid: {amount}.")
            .ToMessage(program.Id, program.Name, [partner.Email], $"{program.Name}: payout of {amount} for {period}");
    }

    /// <summary>To a partner: the period is closed and its statement (sales, refunds, commissions, tier, payout line) is ready.</summary>
    public static EmailMessage StatementReady(ReferralProgram program, Partner partner, string period, string statementUrl)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(partner);
        return new EmailBody()
            .Paragraph($"Hello {partner.Name},")
            .Paragraph($"{period} is closed at {program.Name}. Your statement shows your sales, refunds and commissions with how each was computed, the tier you reached and what the next one needs, and your payout line.")
            .Link("Open your statement", statementUrl)
            .ToMessage(program.Id, program.Name, [partner.Email], $"{program.Name}: your statement for {period}");
    }

    /// <summary>To finance: a run waits for a decision (or a reminder of it), with the signed approve and reject links.</summary>
    public static EmailMessage RunAwaitingDecision(
        ReferralProgram program, PayoutRun run, IReadOnlyList<string> finance, string approveUrl, string rejectUrl, bool reminder)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(run);
        var deadline = run.Deadline is { } due ? due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "no deadline";
        var body = new EmailBody()
            .Paragraph($"The {program.Name} payout run for {run.PeriodKey} waits for your decision (deadline {deadline}).");
        if (run.Totals is { } totals)
        {
            body.Paragraph($"To pay: {new Money(totals.Payable, run.Currency)} on {totals.PayableLines.ToString(CultureInfo.InvariantCulture)} line(s).");
        }

        return body
            .Link("Approve the run", approveUrl)
            .Link("Reject the run", rejectUrl)
            .ToMessage(program.Id, program.Name, finance, $"{(reminder ? "Reminder: " : string.Empty)}{program.Name}: payout run {run.PeriodKey} awaits your decision");
    }
}
