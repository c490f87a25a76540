namespace Referrals.Core.Payouts;

/// <summary>One line of a run's journal: an account, a signed amount in minor units (debit positive, credit negative) and its description.</summary>
public sealed record JournalLine(string AccountCode, long Amount, string Description, string PartnerId);
