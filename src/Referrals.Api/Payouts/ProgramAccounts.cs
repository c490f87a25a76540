namespace Referrals.Api.Payouts;

/// <summary>One program's journal accounts; what is left out comes from <see cref="AccountingOptions"/>.</summary>
public sealed class ProgramAccounts
{
    public string? ExpenseAccountCode { get; set; }

    public string? PayablesAccountCode { get; set; }

    public string? TaxRate { get; set; }
}
