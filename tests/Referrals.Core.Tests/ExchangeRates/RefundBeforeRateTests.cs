using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.ExchangeRates;

/// <summary>A refund recorded at its own day's rate (its sale was not known yet) is moved to the sale's rate by attribution.</summary>
public class RefundBeforeRateTests
{
    private static readonly DateOnly SaleDay = DateOnly.FromDateTime(Sample.Now.UtcDateTime);

    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly AttributeConversion _attribute;

    public RefundBeforeRateTests()
    {
        var programs = new InMemoryProgramStore();
        programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20)));
        var partners = new InMemoryPartnerStore();
        partners.Add(Sample.Partner());
        _attribute = new AttributeConversion(
            _conversions, programs, partners, _clicks, new InMemoryReferralCodeStore(), _commissions, new InMemoryStatsStore(),
            new InMemoryCustomerLockStore(), new InMemoryLeadStore(), new FakeTimeProvider(Sample.Now.AddDays(20)), NullLogger<AttributeConversion>.Instance);
    }

    private static Conversion InUsd(Conversion conversion, decimal rate, DateOnly day) =>
        (conversion with { Amount = new Money(4999, "USD") })
            .ConvertedBy(new CurrencyExchange(new Money(4999, "USD"), rate, day, ReferenceRates.Ecb, day), "EUR");

    [Fact]
    public async Task A_full_usd_refund_converted_at_a_later_rate_takes_the_sales_rate_and_nets_to_zero()
    {
        var click = Sample.Click(Sample.Now.AddDays(-1));
        await _clicks.AppendAsync([click], CancellationToken.None);
        var sale = InUsd(Sample.Conversion(clickId: click.Id.ToString(), eventId: "evt_sale") with { PaymentReference = "pi_1" }, 0.918189m, SaleDay);
        var refund = InUsd(Sample.Conversion(ConversionType.Refund, occurredAt: Sample.Now.AddDays(18), eventId: "evt_refund") with { OriginalPaymentReference = "pi_1" }, 0.769231m, SaleDay.AddDays(18));
        await _conversions.TryCreateAsync(sale, CancellationToken.None);
        await _conversions.TryCreateAsync(refund, CancellationToken.None);

        await _attribute.HandleAsync(new ConversionReceived(sale.ProgramId, sale.Id), CancellationToken.None);
        await _attribute.HandleAsync(new ConversionReceived(refund.ProgramId, refund.Id), CancellationToken.None);

        var stored = (await _conversions.GetAsync(refund.ProgramId, refund.Id, CancellationToken.None))!;
        Assert.Equal(new Money(4590, "EUR"), stored.Amount);
        Assert.Equal(sale.Exchange, stored.Exchange);
        Assert.Equal(0, _commissions.All.Sum(commission => commission.Amount.Amount));
        Assert.Contains(_commissions.All, commission => commission.Explanation.StartsWith("Refund of 49.99 USD (at 0.918189, ECB ", StringComparison.Ordinal));
    }
}
