using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Referrals.Core.Partners;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Partners;

public class PayoutDetailsTests
{
    [Theory]
    [InlineData("DE89370400440532013000")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("gb82 west 1234 5698 7654 32")]
    [InlineData("NL91ABNA0417164300")]
    public void Well_formed_ibans_with_correct_check_digits_are_valid(string iban) => Assert.True(IbanNumber.IsValid(iban));

    [Theory]
    [InlineData("DE88370400440532013000")]
    [InlineData("DE8937040044053201300")]
    [InlineData("1289370400440532013000")]
    [InlineData("DE89-3704-0044-0532-0130-00")]
    [InlineData("")]
    public void Ibans_with_wrong_check_digits_or_shape_are_refused(string iban) => Assert.False(IbanNumber.IsValid(iban));

    [Property(MaxTest = 300)]
    public Property Any_single_mistyped_digit_of_an_iban_is_caught() =>
        Prop.ForAll(Gen.Choose(4, 21).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (position, delta) =>
        {
            var iban = "DE89370400440532013000".ToCharArray();
            iban[position] = (char)('0' + ((iban[position] - '0' + delta) % 10));
            return !IbanNumber.IsValid(new string(iban));
        });

    [Fact]
    public void Details_are_shown_masked()
    {
        Assert.Equal("PayPal a***@example.com", new PayoutDetails(PayoutMethod.PayPal, "ada@example.com", null, null).Masked());
        Assert.Equal("Bank transfer DE** **** 3000 (Ada Lovelace)", new PayoutDetails(PayoutMethod.Bank, null, "DE89370400440532013000", "Ada Lovelace").Masked());
    }

    [Fact]
    public void A_draft_missing_what_its_method_needs_is_refused_field_by_field()
    {
        var errors = new PayoutDetailsDraft(PayoutMethod.Wise, Iban: "DE00370400440532013000").Validate().ToDictionary();

        Assert.Equal(["accountHolder", "iban"], errors.Keys.Order().ToArray());
        Assert.Contains("method", new PayoutDetailsDraft(null).Validate().ToDictionary().Keys);
        Assert.Contains("payPalEmail", new PayoutDetailsDraft(PayoutMethod.PayPal, "not-an-email").Validate().ToDictionary().Keys);
    }

    [Fact]
    public async Task Invalid_details_store_nothing_and_notify_nobody()
    {
        var partners = new InMemoryPartnerStore();
        partners.Add(Sample.Partner());
        var store = new Mock<IPayoutDetailsStore>(MockBehavior.Strict);
        var notifier = new Mock<IPayoutDetailsNotifier>(MockBehavior.Strict);
        var update = new UpdatePayoutDetails(partners, store.Object, notifier.Object, new FakeTimeProvider(Sample.Now));

        var outcome = await update.ExecuteAsync(Sample.PartnerId, new PayoutDetailsDraft(PayoutMethod.Bank, Iban: "DE88370400440532013000", AccountHolder: "Ada"), "partner:prt_ada", default);

        Assert.IsType<UpdatePayoutDetailsOutcome.Invalid>(outcome);
    }

    [Fact]
    public async Task Valid_details_are_stored_with_a_masked_audit_entry_and_the_partner_is_notified()
    {
        var partners = new InMemoryPartnerStore();
        partners.Add(Sample.Partner());
        var store = new Mock<IPayoutDetailsStore>();
        var notifier = new Mock<IPayoutDetailsNotifier>();
        var update = new UpdatePayoutDetails(partners, store.Object, notifier.Object, new FakeTimeProvider(Sample.Now));

        var outcome = await update.ExecuteAsync(Sample.PartnerId, new PayoutDetailsDraft(PayoutMethod.Bank, Iban: "de89 3704 0044 0532 0130 00", AccountHolder: " Ada Lovelace "), "partner:prt_ada", default);

        var updated = Assert.IsType<UpdatePayoutDetailsOutcome.Updated>(outcome);
        var expected = new PayoutDetails(PayoutMethod.Bank, null, "DE89370400440532013000", "Ada Lovelace");
        Assert.Equal(expected, updated.Details);
        var change = new PayoutDetailsChange(Sample.PartnerId, Sample.Now, "partner:prt_ada", PayoutMethod.Bank, "Bank transfer DE** **** 3000 (Ada Lovelace)");
        store.Verify(s => s.SetAsync(Sample.PartnerId, expected, change, It.IsAny<CancellationToken>()), Times.Once);
        notifier.Verify(n => n.NotifyChangedAsync(It.Is<Core.Partners.Partner>(p => p.Id == Sample.PartnerId), change, It.IsAny<CancellationToken>()), Times.Once);
    }
}
