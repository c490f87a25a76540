using Microsoft.Extensions.Time.Testing;
using Moq;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Programs;

namespace Referrals.Core.Tests.Conversions;

public class RecordConversionTests
{
    private static readonly ConversionDraft Sale = new("evt_1", ConversionType.Sale, 4999, "EUR", "cus_42");

    private readonly Mock<IProgramStore> _programs = new();
    private readonly Mock<IConversionStore> _conversions = new();
    private readonly Mock<IEventPublisher> _events = new();
    private readonly RecordConversion _record;

    public RecordConversionTests()
    {
        _programs.Setup(store => store.GetAsync(Sample.ProgramId, It.IsAny<CancellationToken>())).ReturnsAsync(Sample.Program());
        _conversions.Setup(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _record = new RecordConversion(_programs.Object, _conversions.Object, _events.Object, new FakeTimeProvider(Sample.Now));
    }

    [Fact]
    public async Task An_unknown_program_is_reported_and_nothing_is_stored()
    {
        var outcome = await _record.ExecuteAsync("prg_unknown", RecordConversion.ApiSource, Sale, CancellationToken.None);

        Assert.IsType<RecordConversionOutcome.ProgramNotFound>(outcome);
        _conversions.Verify(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task An_invalid_conversion_is_refused_with_the_field_and_nothing_is_stored()
    {
        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, Sale with { Currency = "usd" }, CancellationToken.None);

        var invalid = Assert.IsType<RecordConversionOutcome.Invalid>(outcome);
        Assert.Equal(["currency"], invalid.Errors.ToDictionary().Keys);
        _conversions.Verify(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task A_new_sale_for_an_archived_program_is_refused_and_nothing_is_stored()
    {
        _programs.Setup(store => store.GetAsync(Sample.ProgramId, It.IsAny<CancellationToken>())).ReturnsAsync(Sample.Program() with { ArchivedAt = Sample.Now.AddDays(-1) });

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, Sale, CancellationToken.None);

        Assert.IsType<RecordConversionOutcome.ProgramArchived>(outcome);
        _conversions.Verify(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task A_refund_for_an_archived_program_is_still_stored_and_published()
    {
        _programs.Setup(store => store.GetAsync(Sample.ProgramId, It.IsAny<CancellationToken>())).ReturnsAsync(Sample.Program() with { ArchivedAt = Sample.Now.AddDays(-1) });
        var refund = new ConversionDraft("evt_2", ConversionType.Refund, 4999, "EUR", CustomerId: null, OriginalEventId: "evt_1");

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, refund, CancellationToken.None);

        Assert.Equal(new RecordConversionOutcome.Accepted(Conversion.IdFor(Sample.ProgramId, RecordConversion.ApiSource, "evt_2"), Duplicate: false), outcome);
        _conversions.Verify(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_new_conversion_is_stored_and_published_once()
    {
        var expectedId = Conversion.IdFor(Sample.ProgramId, RecordConversion.ApiSource, "evt_1");

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, Sale, CancellationToken.None);

        Assert.Equal(new RecordConversionOutcome.Accepted(expectedId, Duplicate: false), outcome);
        _conversions.Verify(
            store => store.TryCreateAsync(
                It.Is<Conversion>(c => c.Id == expectedId && c.Amount == new Money(4999, "EUR") && c.ReceivedAt == Sample.Now),
                It.IsAny<CancellationToken>()),
            Times.Once);
        _events.Verify(
            events => events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(Sample.ProgramId, expectedId), It.IsAny<CancellationToken>()),
            Times.Once);
        _events.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Duplicate_of_an_attributed_conversion_is_accepted_without_publishing()
    {
        GivenStored(Sample.Conversion(eventId: "evt_1") with
        {
            Attribution = new AttributionDecision(AttributionMethod.Unattributed, null, null, "No click id or referral code came with the conversion.", Sample.Now),
        });

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, Sale, CancellationToken.None);

        Assert.Equal(new RecordConversionOutcome.Accepted(Conversion.IdFor(Sample.ProgramId, "api", "evt_1"), Duplicate: true), outcome);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Duplicate_report_publishes_again_only_while_unattributed()
    {
        var stored = GivenStored(Sample.Conversion(eventId: "evt_1"));

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, Sale, CancellationToken.None);

        Assert.Equal(new RecordConversionOutcome.Accepted(stored.Id, Duplicate: true), outcome);
        _events.Verify(
            events => events.PublishAsync(Topics.ConversionReceived, new ConversionReceived(Sample.ProgramId, stored.Id), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task A_payment_recorded_under_another_event_is_a_duplicate_of_it_and_nothing_is_stored()
    {
        var replayed = Sample.Conversion(eventId: "pi_1") with { Source = "stripe", PaymentReference = "pi_1" };
        _conversions.Setup(store => store.FindByPaymentReferenceAsync(Sample.ProgramId, "stripe", "pi_1", It.IsAny<CancellationToken>())).ReturnsAsync(replayed);

        var outcome = await _record.ExecuteAsync(Sample.ProgramId, "stripe", Sale with { EventId = "evt_late" }, new PaymentDetails(PaymentReference: "pi_1"), CancellationToken.None);

        Assert.Equal(new RecordConversionOutcome.Accepted(replayed.Id, Duplicate: true), outcome);
        _conversions.Verify(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private Conversion GivenStored(Conversion conversion)
    {
        _conversions.Setup(store => store.TryCreateAsync(It.IsAny<Conversion>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _conversions.Setup(store => store.GetAsync(Sample.ProgramId, conversion.Id, It.IsAny<CancellationToken>())).ReturnsAsync(conversion);
        return conversion;
    }

    private void VerifyNothingPublished() =>
        _events.Verify(
            events => events.PublishAsync(It.IsAny<string>(), It.IsAny<It.IsAnyType>(), It.IsAny<CancellationToken>()),
            Times.Never);
}
