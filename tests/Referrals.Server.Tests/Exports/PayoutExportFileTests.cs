using System.Text;
using Referrals.Api.Payouts;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Server.Tests.Exports;

/// <summary>
/// Each export's exact bytes against a checked-in file in its importer's layout (PayPal Payouts Web,
/// Wise's IBAN batch template, Xero's manual journal import), including a partner whose name would be a
/// spreadsheet formula.
/// </summary>
public sealed class PayoutExportFileTests
{
    private static readonly DateTimeOffset PaidAt = new(2025, 4, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly PayoutRun Run = new(
        "prg_demo.2025-03", "prg_demo", "2025-03", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), "EUR", PayoutRunState.Paid, PaidAt.AddDays(-1),
        [new PayoutTransition(PayoutRunState.Approved, PayoutRunState.Paid, PaidAt, "system", "2 line(s) paid", "paid")]);

    private static PaidPartnerLine Paid(string partnerId, string name, string email, long amount, PayoutDetails? details) =>
        new(new PayoutLine(Run.Id, partnerId, "EUR", 0, amount, 0, amount, 1, PayoutLineStatus.Paid, "Paid"), name, email, details);

    private static readonly PaidRun Paid3 = new(Run, "Acme partners", [
        Paid("prt_ada", "Ada Lovelace", "ada@example.com", 3_700, new PayoutDetails(PayoutMethod.PayPal, "ada.paypal@example.com", null, null)),
        Paid("prt_bob", "=HYPERLINK(\"http://evil.example\")", "bob@example.com", 1_250, new PayoutDetails(PayoutMethod.Wise, null, "DE89370400440532013000", "-Bob, Builder")),
        Paid("prt_cy", "Cy Young", "cy@example.com", 5, new PayoutDetails(PayoutMethod.Bank, null, "GB82WEST12345698765432", "Cy Young")),
        Paid("prt_dee", "Dee", "dee@example.com", 500, null),
    ]);

    private static PayoutExports Exports => new(null!, null!, null!, null!, Microsoft.Extensions.Options.Options.Create(new AccountingOptions()));

    [Theory]
    [InlineData(PayoutExportFormat.PayPal, "paypal.csv")]
    [InlineData(PayoutExportFormat.Wise, "wise.csv")]
    [InlineData(PayoutExportFormat.Journal, "journal.csv")]
    public void The_file_matches_the_checked_in_layout(PayoutExportFormat format, string expected)
    {
        var (content, _) = Exports.Build(Paid3, format);

        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Exports", "Expected", expected)), Encoding.UTF8.GetString(content));
    }

    [Fact]
    public void The_journal_uses_a_programs_own_accounts_over_the_defaults()
    {
        var options = new AccountingOptions { Programs = { ["prg_demo"] = new ProgramAccounts { ExpenseAccountCode = "477", TaxRate = "No VAT" } } };
        var exports = new PayoutExports(null!, null!, null!, null!, Microsoft.Extensions.Options.Options.Create(options));

        var rows = Encoding.UTF8.GetString(exports.Build(Paid3, PayoutExportFormat.Journal).Content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(",477,No VAT,37.00,", rows[1], StringComparison.Ordinal);
        Assert.Contains(",2150,No VAT,-37.00,", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_code_Xero_would_refuse_is_a_start_up_error_that_names_the_setting()
    {
        var options = new AccountingOptions { ExpenseAccountCode = "", Programs = { ["prg_demo"] = new ProgramAccounts { PayablesAccountCode = "ACCOUNT-TOO-LONG" } } };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Equal(
            ["Referrals:Accounting:ExpenseAccountCode must be an account code of 1 to 10 characters.", "Referrals:Accounting:Programs:prg_demo:PayablesAccountCode must be an account code of 1 to 10 characters."],
            results.Select(result => result.ErrorMessage));
    }

    [Theory]
    [InlineData(3_700L, "EUR", "37.00")]
    [InlineData(-5L, "EUR", "-0.05")]
    [InlineData(1_500L, "JPY", "1500")]
    [InlineData(12_345L, "KWD", "12.345")]
    public void Amounts_are_major_units_with_the_currencys_digits(long minor, string currency, string written)
    {
        var digits = Referrals.Core.Currency.MinorDigits(currency);

        Assert.Equal(written, PayoutExportFiles.Major(minor, currency).ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture));
    }
}
