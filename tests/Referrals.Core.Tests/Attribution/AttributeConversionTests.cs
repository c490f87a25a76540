using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Stats;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Attribution;

public class AttributeConversionTests
{
    private static readonly DateTimeOffset HandledAt = Sample.Now.AddSeconds(30);

    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly InMemoryReferralCodeStore _codes = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly InMemoryStatsStore _stats = new();
    private readonly InMemoryCustomerLockStore _locks = new();
    private readonly InMemoryLeadStore _leads = new();
    private readonly AttributeConversion _attribute;

    public AttributeConversionTests()
    {
        _attribute = new AttributeConversion(
            _conversions, _programs, _partners, _clicks, _codes, _commissions, _stats, _locks, _leads, new FakeTimeProvider(HandledAt), NullLogger<AttributeConversion>.Instance);
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20)));
        _partners.Add(Sample.Partner());
        _partners.Add(Sample.Partner(Sample.OtherPartnerId));
        _codes.Add(Sample.Code("SPRING25", Sample.OtherPartnerId));
    }

    [Fact]
    public async Task A_sale_by_click_earns_a_commission_with_rule_rate_and_base()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);

        await HandleAsync(conversion);

        var commission = Assert.Single(_commissions.All);
        Assert.Equal(Commission.IdFor(conversion.Id), commission.Id);
        Assert.Equal(Sample.PartnerId, commission.PartnerId);
        Assert.Equal(conversion.Id, commission.ConversionId);
        Assert.Equal(CommissionStatus.Pending, commission.Status);
        Assert.Equal(new Money(1000, "EUR"), commission.Amount);
        Assert.Equal(CommissionPlanKind.Percent, commission.Rule);
        Assert.Equal(20m, commission.Rate);
        Assert.Equal(new Money(4999, "EUR"), commission.Base);
        Assert.Equal("20% of 49.99 EUR = 10.00 EUR.", commission.Explanation);
    }

    [Fact]
    public async Task A_sale_by_click_is_counted_in_the_partner_stats_under_the_conversion_id()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);

        await HandleAsync(conversion);

        var (partnerId, eventId, deltas) = Assert.Single(_stats.Applications);
        Assert.Equal(Sample.PartnerId, partnerId);
        Assert.Equal(conversion.Id, eventId);
        Assert.Equal([new StatsDelta(DateOnly.FromDateTime(Sample.Now.UtcDateTime), Sales: 1, Revenue: 4999, Earnings: 1000)], deltas);
    }

    [Fact]
    public async Task The_decision_and_commission_id_are_saved_on_the_conversion()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);

        await HandleAsync(conversion);

        var saved = await StoredAsync(conversion);
        Assert.NotNull(saved.Attribution);
        Assert.Equal(AttributionMethod.Click, saved.Attribution.Method);
        Assert.Equal(Sample.PartnerId, saved.Attribution.PartnerId);
        Assert.Equal(conversion.ClickId, saved.Attribution.ClickId);
        Assert.Equal(HandledAt, saved.Attribution.DecidedAt);
        Assert.Equal(Commission.IdFor(conversion.Id), saved.CommissionId);
    }

    [Fact]
    public async Task A_sale_with_a_referral_code_credits_the_code_s_partner()
    {
        var conversion = await GivenAsync(Sample.Conversion(amount: 10_000, code: "spring25"));

        await HandleAsync(conversion);

        var commission = Assert.Single(_commissions.All);
        Assert.Equal(Sample.OtherPartnerId, commission.PartnerId);
        Assert.Equal(AttributionMethod.ReferralCode, (await StoredAsync(conversion)).Attribution?.Method);
    }

    [Fact]
    public async Task An_attributed_lead_counts_as_a_lead_and_earns_no_commission()
    {
        var click = Sample.Click(Sample.Now.AddHours(-2));
        await _clicks.AppendAsync([click], CancellationToken.None);
        var conversion = await GivenAsync(Sample.Conversion(ConversionType.Lead, amount: 0, clickId: click.Id.ToString()));

        await HandleAsync(conversion);

        Assert.Empty(_commissions.Attempts);
        var (_, _, deltas) = Assert.Single(_stats.Applications);
        Assert.Equal([new StatsDelta(DateOnly.FromDateTime(Sample.Now.UtcDateTime), Leads: 1)], deltas);
        Assert.Null((await StoredAsync(conversion)).CommissionId);
    }

    [Fact]
    public async Task An_already_attributed_conversion_writes_nothing()
    {
        var decided = new AttributionDecision(AttributionMethod.Unattributed, null, null, "No click id or referral code came with the conversion.", Sample.Now);
        var conversion = await GivenAsync(Sample.Conversion(code: "SPRING25") with { Attribution = decided });

        await HandleAsync(conversion);

        Assert.Empty(_commissions.Attempts);
        Assert.Empty(_stats.Applications);
        Assert.Equal(0, _conversions.Saves);
        Assert.Equal(decided, (await StoredAsync(conversion)).Attribution);
    }

    [Fact]
    public async Task An_unattributed_conversion_is_saved_with_its_reason_and_earns_nothing()
    {
        var conversion = await GivenAsync(Sample.Conversion(code: "NOBODY"));

        await HandleAsync(conversion);

        var saved = await StoredAsync(conversion);
        Assert.Equal(AttributionMethod.Unattributed, saved.Attribution?.Method);
        Assert.Equal("Unattributed: referral code 'NOBODY' is not a code of this program.", saved.Attribution?.Reason);
        Assert.Null(saved.CommissionId);
        Assert.Empty(_commissions.Attempts);
        Assert.Empty(_stats.Applications);
    }

    [Fact]
    public async Task An_unknown_conversion_is_dropped_without_writing()
    {
        await _attribute.HandleAsync(new ConversionReceived(Sample.ProgramId, "cv_missing"), CancellationToken.None);

        Assert.Empty(_commissions.Attempts);
        Assert.Empty(_stats.Applications);
        Assert.Equal(0, _conversions.Saves);
    }

    [Fact]
    public async Task Handling_the_same_event_twice_writes_the_commission_once()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);

        await HandleAsync(conversion);
        await HandleAsync(conversion);

        Assert.Single(_commissions.Attempts);
        Assert.Single(_stats.Applications);
        Assert.Equal(1, _conversions.Saves);
    }

    [Fact]
    public async Task Handling_again_after_a_crash_before_the_decision_was_saved_lands_on_the_same_commission_and_stats()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);
        _conversions.FailingSaves = 1;
        await Assert.ThrowsAsync<IOException>(() => HandleAsync(conversion));

        await HandleAsync(conversion);

        Assert.Equal(2, _commissions.Attempts.Count);
        Assert.Equal(_commissions.Attempts[0].Id, _commissions.Attempts[1].Id);
        Assert.Single(_commissions.All);
        Assert.Equal([conversion.Id, conversion.Id], _stats.Applications.Select(application => application.EventId));
        var day = Assert.Single(await _stats.GetAsync(Sample.PartnerId, DateOnly.MinValue, DateOnly.MaxValue, CancellationToken.None));
        Assert.Equal((1L, 4999L, 1000L), (day.Sales, day.Revenue, day.Earnings));
        Assert.Equal(Commission.IdFor(conversion.Id), (await StoredAsync(conversion)).CommissionId);
    }

    [Fact]
    public async Task An_attributed_sale_locks_the_customer_to_its_partner()
    {
        var conversion = await GivenSaleByClickAsync(amount: 4999);

        await HandleAsync(conversion);

        var customerLock = Assert.Single(_locks.All);
        Assert.Equal((Sample.PartnerId, conversion.CustomerId, conversion.Id), (customerLock.PartnerId, customerLock.CustomerId, customerLock.ConversionId));
    }

    [Fact]
    public async Task A_later_sale_by_another_partner_keeps_the_first_lock()
    {
        await HandleAsync(await GivenSaleByClickAsync(amount: 4999));

        await HandleAsync(await GivenAsync(Sample.Conversion(code: "SPRING25", eventId: "evt_2")));

        Assert.Equal(Sample.PartnerId, Assert.Single(_locks.All).PartnerId);
    }

    [Fact]
    public async Task A_renewal_without_click_or_code_earns_the_locked_partner_a_commission()
    {
        await HandleAsync(await GivenSaleByClickAsync(amount: 4999));
        var renewal = await GivenAsync(Sample.Conversion(ConversionType.Renewal, amount: 4999, eventId: "evt_renewal"));

        await HandleAsync(renewal);

        var decision = (await StoredAsync(renewal)).Attribution!;
        Assert.Equal((AttributionMethod.CustomerLock, Sample.PartnerId), (decision.Method, decision.PartnerId));
        Assert.Equal(Sample.PartnerId, _commissions.All.Single(commission => commission.ConversionId == renewal.Id).PartnerId);
    }

    [Fact]
    public async Task A_self_referral_gets_a_flagged_commission_and_no_lock()
    {
        var conversion = await GivenAsync(Sample.Conversion(code: "SPRING25") with { CustomerId = "ada@example.com" });

        await HandleAsync(conversion);

        Assert.Equal(CommissionStatus.Flagged, Assert.Single(_commissions.All).Status);
        Assert.StartsWith("Held for review: self-referral", (await StoredAsync(conversion)).Attribution!.Flag, StringComparison.Ordinal);
        Assert.Empty(_locks.All);
    }

    [Fact]
    public async Task A_sale_of_a_registered_lead_is_credited_to_the_lead_partner()
    {
        await _leads.TryRegisterAsync(new Core.Leads.Lead(Sample.ProgramId, Sample.OtherPartnerId, "cus_42", null, Sample.Now.AddDays(-1)), CancellationToken.None);
        var conversion = await GivenAsync(Sample.Conversion());

        await HandleAsync(conversion);

        Assert.Equal(AttributionMethod.RegisteredLead, (await StoredAsync(conversion)).Attribution!.Method);
        Assert.Equal(Sample.OtherPartnerId, Assert.Single(_commissions.All).PartnerId);
    }

    private async Task<Core.Conversions.Conversion> GivenSaleByClickAsync(long amount)
    {
        var click = Sample.Click(Sample.Now.AddDays(-2));
        await _clicks.AppendAsync([click], CancellationToken.None);
        return await GivenAsync(Sample.Conversion(amount: amount, clickId: click.Id.ToString()));
    }

    private async Task<Core.Conversions.Conversion> GivenAsync(Core.Conversions.Conversion conversion)
    {
        await _conversions.TryCreateAsync(conversion, CancellationToken.None);
        return conversion;
    }

    private Task HandleAsync(Core.Conversions.Conversion conversion) =>
        _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None);

    private async Task<Core.Conversions.Conversion> StoredAsync(Core.Conversions.Conversion conversion) =>
        (await _conversions.GetAsync(conversion.ProgramId, conversion.Id, CancellationToken.None))!;
}
