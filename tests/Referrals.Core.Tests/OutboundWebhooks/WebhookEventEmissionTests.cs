using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Payouts;
using Referrals.Core.Tests.Fakes;
using Referrals.Core.Tests.Payouts;

namespace Referrals.Core.Tests.OutboundWebhooks;

/// <summary>The shop's events are recorded where the change happens, under ids that a retry reproduces.</summary>
public sealed class WebhookEventEmissionTests
{
    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly RecordingWebhookOutbox _outbox = new();
    private readonly AttributeConversion _attribute;

    public WebhookEventEmissionTests()
    {
        _attribute = new AttributeConversion(
            _conversions, _programs, _partners, new RecordingClickLog(), CodesWithSpring25(), _commissions, new InMemoryStatsStore(), new InMemoryCustomerLockStore(),
            new InMemoryLeadStore(), new FakeTimeProvider(Sample.Now.AddSeconds(30)), NullLogger<AttributeConversion>.Instance, waits: new AttributionWaits(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero), webhooks: _outbox);
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20)));
        _partners.Add(Sample.Partner());
        _partners.Add(Sample.Partner(Sample.OtherPartnerId));
    }

    private static InMemoryReferralCodeStore CodesWithSpring25()
    {
        var codes = new InMemoryReferralCodeStore();
        codes.Add(Sample.Code("SPRING25", Sample.OtherPartnerId));
        return codes;
    }

    [Fact]
    public async Task An_attributed_sale_records_commission_created_and_conversion_attributed()
    {
        var conversion = await HandleAsync(Sample.Conversion(code: "SPRING25"));

        var commission = Assert.Single(_commissions.All);
        Assert.Equal(["commission.created", "conversion.attributed"], _outbox.Types);
        var created = _outbox.Events.First();
        Assert.Equal(WebhookEvent.IdFor("commission.created", commission.Id), created.Id);
        Assert.Equal(Sample.ProgramId, created.ProgramId);
        var data = Assert.IsType<CommissionEventData>(created.Data);
        Assert.Equal((commission.Amount.Amount, commission.Explanation), (data.Amount, data.Explanation));
        var attributed = Assert.IsType<ConversionEventData>(_outbox.Events.Last().Data);
        Assert.Equal((conversion.Id, AttributionMethod.ReferralCode, commission.Id), (attributed.Id, attributed.Attribution.Method, attributed.CommissionId));
    }

    [Fact]
    public async Task A_conversion_nobody_earned_records_conversion_unattributed_with_the_reason()
    {
        await HandleAsync(Sample.Conversion());

        var unattributed = Assert.Single(_outbox.Events);
        Assert.Equal("conversion.unattributed", unattributed.Type);
        Assert.False(string.IsNullOrWhiteSpace(Assert.IsType<ConversionEventData>(unattributed.Data).Attribution.Reason));
    }

    [Fact]
    public async Task A_self_referral_records_commission_flagged_too()
    {
        await HandleAsync(Sample.Conversion(code: "SPRING25") with { CustomerId = "ada@example.com" });

        Assert.Equal(["commission.created", "commission.flagged", "conversion.attributed"], _outbox.Types);
        Assert.Equal(CommissionStatus.Flagged, Assert.IsType<CommissionEventData>(_outbox.Events.ElementAt(1).Data).Status);
    }

    [Fact]
    public async Task When_recording_fails_the_conversion_stays_undecided_and_the_retry_records_the_same_ids()
    {
        var conversion = Sample.Conversion(code: "SPRING25");
        await _conversions.TryCreateAsync(conversion, CancellationToken.None);
        _outbox.FailNext = 2;

        await Assert.ThrowsAsync<IOException>(() => _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None));
        Assert.Null((await _conversions.GetAsync(conversion.ProgramId, conversion.Id, CancellationToken.None))!.Attribution);
        await Assert.ThrowsAsync<IOException>(() => _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None));
        await _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None);

        Assert.Equal(
            [WebhookEvent.IdFor("commission.created", Commission.IdFor(conversion.Id)), WebhookEvent.IdFor("conversion.attributed", conversion.Id)],
            _outbox.Events.Select(e => e.Id));
        Assert.NotNull((await _conversions.GetAsync(conversion.ProgramId, conversion.Id, CancellationToken.None))!.Attribution);
    }

    [Fact]
    public async Task A_payout_run_records_awaiting_decision_then_expired()
    {
        var world = new PayoutWorld(webhooks: _outbox);
        world.At(PayoutWorld.Month(1).AddDays(5));
        world.Earn(Sample.PartnerId, 7_000);
        var run = await world.RunAsync(PayoutWorld.Month(2));
        world.At(run.Deadline!.Value);
        await world.Steps.AdvanceAsync(run.Id, default);

        Assert.Equal(["payout_run.awaiting_decision", "payout_run.expired"], _outbox.Types);
        Assert.All(_outbox.Events, e => Assert.Equal(run.Id, Assert.IsType<PayoutRunEventData>(e.Data).Id));
        Assert.Equal(7_000, Assert.IsType<PayoutRunEventData>(_outbox.Events.First().Data).Totals!.Payable);
    }

    [Fact]
    public async Task An_approved_run_becomes_payout_run_paid_under_the_run_id()
    {
        var approved = new PayoutRunApproved("prg_1.2025-01", "prg_1", "2025-01", "EUR", 3, 12_345, Sample.Now);

        await new EmitPayoutRunPaid(_outbox).HandleAsync(approved, CancellationToken.None);
        await new EmitPayoutRunPaid(_outbox).HandleAsync(approved, CancellationToken.None);

        Assert.Single(_outbox.Events.Select(e => e.Id).Distinct());
        var paid = _outbox.Events.First();
        Assert.Equal(("payout_run.paid", "prg_1"), (paid.Type, paid.ProgramId));
        Assert.Equal((3, 12_345L), (Assert.IsType<PayoutRunEventData>(paid.Data).PaidLines!.Value, Assert.IsType<PayoutRunEventData>(paid.Data).PaidAmount!.Value));
    }

    private async Task<Conversion> HandleAsync(Conversion conversion)
    {
        await _conversions.TryCreateAsync(conversion, CancellationToken.None);
        await _attribute.HandleAsync(new ConversionReceived(conversion.ProgramId, conversion.Id), CancellationToken.None);
        return conversion;
    }
}
