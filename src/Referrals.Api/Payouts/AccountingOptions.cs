using System.ComponentModel.DataAnnotations;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// The accounts a paid run's journal books to, section <c>Referrals:Accounting</c>, with overrides per
/// program under <c>Referrals:Accounting:Programs:{programId}</c>. Codes are the chart of accounts'
/// codes (Xero: "200", not "200 - Sales"), at most 10 characters as Xero allows.
/// </summary>
public sealed class AccountingOptions : IValidatableObject
{
    public const string Section = "Referrals:Accounting";
    public const int MaxCodeLength = 10;

    /// <summary>The commission expense account, debited.</summary>
    public string ExpenseAccountCode { get; set; } = "6150";

    /// <summary>The partner payables (a liability), credited; the payment out of the bank is matched against it.</summary>
    public string PayablesAccountCode { get; set; } = "2150";

    /// <summary>The tax rate's full name as the accounting software shows it (Xero: "Tax Exempt", "No VAT", "BAS Excluded").</summary>
    public string TaxRate { get; set; } = "Tax Exempt";

    /// <summary>Per program: any of the three settings, the others as above.</summary>
    public Dictionary<string, ProgramAccounts> Programs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The accounts for <paramref name="programId"/>: its overrides, else the defaults.</summary>
    public JournalAccounts For(string programId)
    {
        var own = Programs.GetValueOrDefault(programId);
        return new JournalAccounts(
            own?.ExpenseAccountCode ?? ExpenseAccountCode,
            own?.PayablesAccountCode ?? PayablesAccountCode,
            own?.TaxRate ?? TaxRate);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var settings = new List<(string Name, string? Value, bool Code)>
        {
            ($"{Section}:ExpenseAccountCode", ExpenseAccountCode, true),
            ($"{Section}:PayablesAccountCode", PayablesAccountCode, true),
            ($"{Section}:TaxRate", TaxRate, false),
        };
        foreach (var (programId, own) in Programs)
        {
            settings.Add(($"{Section}:Programs:{programId}:ExpenseAccountCode", own.ExpenseAccountCode ?? "-", true));
            settings.Add(($"{Section}:Programs:{programId}:PayablesAccountCode", own.PayablesAccountCode ?? "-", true));
            settings.Add(($"{Section}:Programs:{programId}:TaxRate", own.TaxRate ?? "-", false));
        }

        foreach (var (name, value, code) in settings)
        {
            if (string.IsNullOrWhiteSpace(value) || (code && value.Length > MaxCodeLength) || value.Length > 100)
            {
                yield return new ValidationResult(
                    code ? $"{name} must be an account code of 1 to {MaxCodeLength} characters." : $"{name} must be a tax rate's name of 1 to 100 characters.",
                    [name]);
            }
        }
    }
}
