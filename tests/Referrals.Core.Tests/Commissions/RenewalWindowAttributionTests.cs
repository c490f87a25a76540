using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Commissions;

/// <summary>The worker gives the calculator the customer's first sale (from the customer lock), so renewals count their month.</summary>
public class RenewalWindowAttributionTests
{
    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly InMemoryCustomerLockStore _locks = new();
    private readonly AttributeConversion _attribute;

    public RenewalWindowAttributionTests()
    {
        _attribute = new AttributeConversion(
            _conversions, _programs, _partners, _clicks, new InMemoryReferralCodeStore(), _commissions, new InMemoryStatsStore(), _locks, new InMemoryLeadStore(), new FakeTimeProvider(Sample.Now.AddSeconds(30)), NullLogger<AttributeConversion>.Instance);
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20) with { RecurringMonths = 6 }));
        _partners.Add(Sample.Partner());
    }

    [Fact]
    public async Task A_renewal_inside_the_window_earns_and_names_its_month()
    {
        var renewal = await GivenRenewalByClickAsync(firstSale: Sample.Now.AddMonths(-3));

        await HandleAsync(renewal);

        var commission = Assert.Single(_commissions.All);
        Assert.StartsWith("Renewal in month 3 of the 6 months the plan pays", commission.Explanation, StringComparison.Ordinal);
        Assert.Equal(1, commission.PlanVersion);
    }

    [Fact]
    public async Task A_renewal_after_the_window_earns_nothing_and_the_conversion_says_why()
    {
        var renewal = await GivenRenewalByClickAsync(firstSale: Sample.Now.AddMonths(-7));

        await HandleAsync(renewal);

        Assert.Empty(_commissions.All);
        var stored = await _conversions.GetAsync(renewal.ProgramId, renewal.Id, CancellationToken.None);
        Assert.Equal(Sample.PartnerId, stored!.Attribution!.PartnerId);
        Assert.Contains("Renewal in month 7 after the customer's first sale", stored.Attribution.Reason, StringComparison.Ordinal);
        Assert.Contains("so this one earns nothing.", stored.Attribution.Reason, StringComparison.Ordinal);
    }

    private async Task<Conversion> GivenRenewalByClickAsync(DateTimeOffset firstSale)
    {
        await _locks.LockAsync(new CustomerLock(Sample.ProgramId, "cus_42", Sample.PartnerId, firstSale, "cv_first"), CancellationToken.None);
        var click = Sample.Click(Sample.Now.AddDays(-2));
        await _clicks.AppendAsync([click], CancellationToken.None);
        var renewal = Sample.Conversion(ConversionType.Renewal, amount: 4900, clickId: click.Id.ToString(), eventId: "evt_renewal");
        await _conversions.TryCreateAsync(renewal, CancellationToken.None);
        return renewal;
    }

    private Task HandleAsync(Conversion conversion) =>
        _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None);
}
