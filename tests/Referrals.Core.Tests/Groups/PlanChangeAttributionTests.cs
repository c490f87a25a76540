using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Groups;

public class PlanChangeAttributionTests
{
    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly InMemoryPartnerGroups _groups = new();
    private readonly FakeTimeProvider _time = new(Sample.Now.AddHours(1));
    private readonly AttributeConversion _attribute;

    public PlanChangeAttributionTests()
    {
        _attribute = new AttributeConversion(
            _conversions, _programs, _partners, _clicks, new InMemoryReferralCodeStore(), _commissions, new InMemoryStatsStore(), new InMemoryCustomerLockStore(), new InMemoryLeadStore(),
            _time, NullLogger<AttributeConversion>.Instance, plans: new ResolvePlan(_groups));
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20)));
        _partners.Add(Sample.Partner());
    }

    [Fact]
    public async Task A_sale_received_before_a_plan_change_but_handled_after_it_earns_under_the_old_version()
    {
        var before = await GivenSaleAsync("evt_before", Sample.Now.AddMinutes(-1));
        var after = await GivenSaleAsync("evt_after", Sample.Now.AddMinutes(1));
        await _groups.AddPlanVersionAsync(Sample.ProgramId, PartnerGroup.DefaultId, CommissionPlan.OfPercent(30), Sample.Now, "admin", 2, default);

        await _attribute.HandleAsync(new(Sample.ProgramId, after.Id), default);
        await _attribute.HandleAsync(new(Sample.ProgramId, before.Id), default);

        var old = _commissions.All.Single(commission => commission.ConversionId == before.Id);
        var changed = _commissions.All.Single(commission => commission.ConversionId == after.Id);
        Assert.Equal((2000L, 1), (old.Amount.Amount, old.PlanVersion));
        Assert.Equal("20% of 100.00 EUR = 20.00 EUR.", old.Explanation);
        Assert.Equal((3000L, 2), (changed.Amount.Amount, changed.PlanVersion));
        Assert.Equal("30% of 100.00 EUR = 30.00 EUR. Under version 2 of the program's plan.", changed.Explanation);
    }

    [Fact]
    public async Task A_partner_moved_to_a_group_earns_its_plan_for_sales_after_the_move()
    {
        await _groups.TryCreateAsync(new PartnerGroup(Sample.ProgramId, "grp_vip", "VIP", Sample.Now.AddDays(-1)), default);
        await _groups.AddPlanVersionAsync(Sample.ProgramId, "grp_vip", CommissionPlan.OfPercent(40), Sample.Now.AddDays(-1), "admin", 1, default);
        var moved = await new MovePartnerToGroup(_partners, _groups, new FakeTimeProvider(Sample.Now)).ExecuteAsync(Sample.PartnerId, "grp_vip", "admin", "top seller", default);
        var before = await GivenSaleAsync("evt_before", Sample.Now.AddMinutes(-1));
        var after = await GivenSaleAsync("evt_after", Sample.Now.AddMinutes(1));

        await _attribute.HandleAsync(new(Sample.ProgramId, before.Id), default);
        await _attribute.HandleAsync(new(Sample.ProgramId, after.Id), default);

        Assert.IsType<MovePartnerOutcome.Moved>(moved);
        Assert.Equal(2000L, _commissions.All.Single(commission => commission.ConversionId == before.Id).Amount.Amount);
        var vip = _commissions.All.Single(commission => commission.ConversionId == after.Id);
        Assert.Equal(4000L, vip.Amount.Amount);
        Assert.EndsWith("Under version 1 of the 'VIP' group's plan.", vip.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_a_partner_to_an_unknown_group_or_where_it_is_records_nothing()
    {
        var moves = new MovePartnerToGroup(_partners, _groups, _time);

        Assert.IsType<MovePartnerOutcome.GroupNotFound>(await moves.ExecuteAsync(Sample.PartnerId, "grp_nope", "admin", null, default));
        Assert.IsType<MovePartnerOutcome.AlreadyThere>(await moves.ExecuteAsync(Sample.PartnerId, PartnerGroup.DefaultId, "admin", null, default));
        Assert.IsType<MovePartnerOutcome.PartnerNotFound>(await moves.ExecuteAsync("prt_nobody", PartnerGroup.DefaultId, "admin", null, default));
        Assert.Empty(await _groups.ListMovesAsync(Sample.PartnerId, default));
    }

    private async Task<Core.Conversions.Conversion> GivenSaleAsync(string eventId, DateTimeOffset receivedAt)
    {
        var click = Sample.Click(receivedAt.AddDays(-1));
        await _clicks.AppendAsync([click], CancellationToken.None);
        var conversion = Sample.Conversion(amount: 10_000, clickId: click.Id.ToString(), occurredAt: receivedAt, eventId: eventId);
        await _conversions.TryCreateAsync(conversion, CancellationToken.None);
        return conversion;
    }
}
