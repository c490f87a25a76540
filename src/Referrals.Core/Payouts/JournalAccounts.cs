namespace Referrals.Core.Payouts;

/// <summary>
/// The accounts a run's journal books to: commission expense (debited) against partner payables
/// (credited), with the tax rate the accounting software names for lines without tax.
/// </summary>
public sealed record JournalAccounts(string ExpenseAccountCode, string PayablesAccountCode, string TaxRate);
