using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class PayoutExportTests
{
    private static readonly DateTimeOffset PaidAt = new(2025, 4, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly PayoutRun Run = new(
        "prg_demo.2025-03", "prg_demo", "2025-03", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), "EUR", PayoutRunState.Paid, PaidAt, []);

    private static PaidPartnerLine Paid(string partnerId, long amount, PayoutDetails? details) =>
        new(new PayoutLine(Run.Id, partnerId, "EUR", 0, amount, 0, amount, 1, PayoutLineStatus.Paid, "Paid"), partnerId + " name", partnerId + "@example.com", details);

    private static readonly PaidPartnerLine[] Lines =
    [
        Paid("prt_ada", 3_700, new PayoutDetails(PayoutMethod.PayPal, "ada@example.com", null, null)),
        Paid("prt_bob", 1_250, new PayoutDetails(PayoutMethod.Wise, null, "DE89370400440532013000", "Bob Builder")),
        Paid("prt_cy", 999, new PayoutDetails(PayoutMethod.Bank, null, "GB82WEST12345698765432", "Cy Young")),
        Paid("prt_dee", 500, null),
    ];

    [Fact]
    public void PayPal_takes_the_partners_paid_by_PayPal_and_lists_the_others_with_the_reason()
    {
        var selection = PayoutExportSelection.For(PayoutExportFormat.PayPal, Lines);

        Assert.Equal(["prt_ada"], selection.Included.Select(line => line.Line.PartnerId));
        Assert.Equal(["prt_bob", "prt_cy", "prt_dee"], selection.Missing.Select(line => line.PartnerId));
        Assert.Equal("Payout details are Wise DE** **** 3000 (Bob Builder), not PayPal.", selection.Missing[0].Reason);
        Assert.Equal("No payout details.", selection.Missing[2].Reason);
    }

    [Fact]
    public void Wise_takes_every_partner_with_an_IBAN_whether_Wise_or_bank_transfer()
    {
        var selection = PayoutExportSelection.For(PayoutExportFormat.Wise, Lines);

        Assert.Equal(["prt_bob", "prt_cy"], selection.Included.Select(line => line.Line.PartnerId));
        Assert.Equal(["prt_ada", "prt_dee"], selection.Missing.Select(line => line.PartnerId));
        Assert.Equal("Payout details are PayPal a***@example.com, not an IBAN.", selection.Missing[0].Reason);
    }

    [Theory]
    [InlineData(PayoutExportFormat.PayPal)]
    [InlineData(PayoutExportFormat.Wise)]
    [InlineData(PayoutExportFormat.Journal)]
    public void Every_paid_line_is_in_the_file_or_listed_as_missing_so_the_two_add_up_to_the_run(PayoutExportFormat format)
    {
        var selection = PayoutExportSelection.For(format, Lines);

        Assert.Equal(Lines.Length, selection.Included.Count + selection.Missing.Count);
        Assert.Equal(Lines.Sum(line => line.Line.Amount), selection.IncludedAmount + selection.MissingAmount);
    }

    [Fact]
    public void The_journal_books_every_paid_line_as_expense_against_payables_and_balances()
    {
        var accounts = new JournalAccounts("6150", "2150", "Tax Exempt");

        var journal = PayoutJournal.For(Run, "Acme partners", DateOnly.FromDateTime(PaidAt.UtcDateTime), PayoutExportSelection.For(PayoutExportFormat.Journal, Lines).Included, accounts);

        Assert.Equal(Lines.Length * 2, journal.Lines.Count);
        Assert.Equal(0, journal.Lines.Sum(line => line.Amount));
        Assert.Equal(Lines.Sum(line => line.Line.Amount), journal.Debits);
        Assert.All(journal.Lines.Where(line => line.Amount > 0), line => Assert.Equal("6150", line.AccountCode));
        Assert.All(journal.Lines.Where(line => line.Amount < 0), line => Assert.Equal("2150", line.AccountCode));
        Assert.All(Lines, paid => Assert.Equal(0, journal.Lines.Where(line => line.PartnerId == paid.Line.PartnerId).Sum(line => line.Amount)));
        Assert.Equal("Partner commissions 2025-03, Acme partners (prg_demo.2025-03)", journal.Narration);
    }
}
