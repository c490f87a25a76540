using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Attribution;

/// <summary>What attribution waits for (a payment not known yet, a customer's first sale in flight), and that every wait ends.</summary>
public class AttributionWaitsTests
{
    private static readonly AttributionWaits Waits = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(10));

    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly InMemoryCustomerLockStore _locks = new();
    private readonly FakeTimeProvider _time = new(Sample.Now);
    private readonly AttributeConversion _attribute;

    public AttributionWaitsTests()
    {
        _attribute = new AttributeConversion(
            _conversions, _programs, _partners, _clicks, new InMemoryReferralCodeStore(), _commissions, new InMemoryStatsStore(), _locks, new InMemoryLeadStore(),
            _time, NullLogger<AttributeConversion>.Instance, waits: Waits);
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20)));
        _partners.Add(Sample.Partner());
    }

    [Fact]
    public async Task A_refund_of_a_payment_not_known_yet_waits_and_is_unattributed_once_its_wait_is_over()
    {
        var refund = await GivenAsync(Sample.Conversion(ConversionType.Refund, eventId: "evt_refund") with { OriginalPaymentReference = "pi_later" });

        _time.Advance(TimeSpan.FromMinutes(4));
        await Assert.ThrowsAsync<OriginalPaymentPendingException>(() => HandleAsync(refund));
        _time.Advance(TimeSpan.FromMinutes(1));
        await HandleAsync(refund);

        var decided = (await _conversions.GetAsync(refund.ProgramId, refund.Id, CancellationToken.None))!.Attribution!;
        Assert.Equal(AttributionMethod.Unattributed, decided.Method);
        Assert.Contains("pi_later", decided.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refund_naming_a_linked_id_reverses_the_commission_of_the_payment_it_links_to()
    {
        var sale = await GivenSaleByClickAsync() with { PaymentReference = "in_1" };
        await _conversions.SaveAttributionAsync(sale, CancellationToken.None);
        await HandleAsync(sale);
        var refund = await GivenAsync(Sample.Conversion(ConversionType.Refund, eventId: "evt_refund") with { OriginalPaymentReference = "pi_1" });
        await Assert.ThrowsAsync<OriginalPaymentPendingException>(() => HandleAsync(refund));

        await _conversions.LinkPaymentAsync(Sample.ProgramId, "api", "pi_1", "in_1", CancellationToken.None);
        await HandleAsync(refund);

        Assert.Equal(0, _commissions.All.Sum(commission => commission.Amount.Amount));
        Assert.Equal(2, _commissions.All.Count);
    }

    [Fact]
    public async Task A_renewal_waits_while_its_customers_sale_is_recorded_but_not_attributed_then_gets_the_lock()
    {
        var sale = await GivenSaleByClickAsync();
        var renewal = await GivenAsync(Sample.Conversion(ConversionType.Renewal, eventId: "evt_renewal", occurredAt: Sample.Now.AddSeconds(1)));

        await Assert.ThrowsAsync<FirstSalePendingException>(() => HandleAsync(renewal));
        await HandleAsync(sale);
        await HandleAsync(renewal);

        var decided = (await _conversions.GetAsync(renewal.ProgramId, renewal.Id, CancellationToken.None))!.Attribution!;
        Assert.Equal(AttributionMethod.CustomerLock, decided.Method);
        Assert.Equal(Sample.PartnerId, decided.PartnerId);
    }

    [Fact]
    public async Task A_renewal_stops_waiting_for_a_sale_that_stays_unattributed_past_the_bound()
    {
        await GivenSaleByClickAsync();
        var renewal = await GivenAsync(Sample.Conversion(ConversionType.Renewal, eventId: "evt_renewal"));

        _time.Advance(TimeSpan.FromMinutes(4));
        await HandleAsync(renewal);

        Assert.Equal(AttributionMethod.Unattributed, (await _conversions.GetAsync(renewal.ProgramId, renewal.Id, CancellationToken.None))!.Attribution!.Method);
    }

    [Fact]
    public async Task A_renewal_with_no_sale_on_record_waits_only_briefly()
    {
        var renewal = await GivenAsync(Sample.Conversion(ConversionType.Renewal, eventId: "evt_renewal"));

        await Assert.ThrowsAsync<FirstSalePendingException>(() => HandleAsync(renewal));
        _time.Advance(TimeSpan.FromSeconds(10));
        await HandleAsync(renewal);

        Assert.Equal(AttributionMethod.Unattributed, (await _conversions.GetAsync(renewal.ProgramId, renewal.Id, CancellationToken.None))!.Attribution!.Method);
    }

    [Fact]
    public async Task Two_sales_without_click_or_code_never_wait_for_each_other()
    {
        var first = await GivenAsync(Sample.Conversion(eventId: "evt_a"));
        var second = await GivenAsync(Sample.Conversion(eventId: "evt_b"));
        var (earlier, later) = string.CompareOrdinal(first.Id, second.Id) < 0 ? (first, second) : (second, first);

        await Assert.ThrowsAsync<FirstSalePendingException>(() => HandleAsync(later));
        await HandleAsync(earlier);
        await HandleAsync(later);

        Assert.All([earlier, later], c => Assert.NotNull(_conversions.GetAsync(c.ProgramId, c.Id, CancellationToken.None).Result!.Attribution));
    }

    [Fact]
    public async Task A_renewal_of_a_locked_customer_does_not_wait()
    {
        await _locks.LockAsync(new CustomerLock(Sample.ProgramId, "cus_42", Sample.PartnerId, Sample.Now.AddDays(-40), "cv_old"), CancellationToken.None);
        await GivenAsync(Sample.Conversion(eventId: "evt_pending_sale"));
        var renewal = await GivenAsync(Sample.Conversion(ConversionType.Renewal, eventId: "evt_renewal"));

        await HandleAsync(renewal);

        Assert.Equal(AttributionMethod.CustomerLock, (await _conversions.GetAsync(renewal.ProgramId, renewal.Id, CancellationToken.None))!.Attribution!.Method);
    }

    private Task HandleAsync(Conversion conversion) =>
        _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None);

    private async Task<Conversion> GivenSaleByClickAsync()
    {
        var click = Sample.Click(Sample.Now.AddDays(-2));
        await _clicks.AppendAsync([click], CancellationToken.None);
        return await GivenAsync(Sample.Conversion(clickId: click.Id.ToString()));
    }

    private async Task<Conversion> GivenAsync(Conversion conversion)
    {
        await _conversions.TryCreateAsync(conversion, CancellationToken.None);
        return conversion;
    }
}
