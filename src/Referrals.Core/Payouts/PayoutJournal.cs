namespace Referrals.Core.Payouts;

/// <summary>
/// A paid run as one balanced journal: per partner, the commission expense debited and the partner's
/// payable credited by the paid amount. The payment itself is not booked here: it leaves the bank
/// through PayPal, Wise or the bank, and the bank feed matches it against the payables account, so
/// booking it again would count it twice.
/// </summary>
public sealed record PayoutJournal(string Narration, DateOnly Date, IReadOnlyList<JournalLine> Lines)
{
    /// <summary>The sum of the debits: the run's paid total.</summary>
    public long Debits => Lines.Where(line => line.Amount > 0).Sum(line => line.Amount);

    public static PayoutJournal For(PayoutRun run, string programName, DateOnly date, IEnumerable<PaidPartnerLine> paid, JournalAccounts accounts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(paid);
        ArgumentNullException.ThrowIfNull(accounts);
        var lines = new List<JournalLine>();
        foreach (var line in paid)
        {
            var who = $"{line.Name} ({line.Line.PartnerId})";
            lines.Add(new JournalLine(accounts.ExpenseAccountCode, line.Line.Amount, $"Commission {run.PeriodKey}: {who}, reference {line.Line.Reference}", line.Line.PartnerId));
            lines.Add(new JournalLine(accounts.PayablesAccountCode, -line.Line.Amount, $"Payable to {who}, reference {line.Line.Reference}", line.Line.PartnerId));
        }

        return new PayoutJournal($"Partner commissions {run.PeriodKey}, {programName} ({run.Id})", date, lines);
    }
}
