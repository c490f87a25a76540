using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tests;

/// <summary>Valid domain objects with fresh ids, for tests to adjust with <c>with</c>.</summary>
internal static class TestData
{
    /// <summary>A time with sub-millisecond ticks, so a store that rounds times is caught.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5_358_979);

    public static ReferralProgram Program(CommissionPlan? plan = null) => new(
        Identifiers.New("prg"),
        "Shoes & Socks",
        "EUR",
        ["shop.example.com", "example.org"],
        45,
        plan ?? CommissionPlan.OfPercent(12.5m),
        TrackingMode.Durable,
        AttributionModel.LastClick,
        Now);

    public static Partner Partner(string programId) => new(
        Identifiers.New("prt"), programId, "Ada Lovelace", "ada@example.com", PartnerType.Affiliate, PartnerStatus.Active, Now);

    public static Link Link(string programId, string partnerId, string? code = null) => new(
        code ?? LinkCode.New(), programId, partnerId, new Uri("https://shop.example.com/spring?utm=x&q=caf%C3%A9"), "spring", Now);

    public static Click Click(string linkCode, DateTimeOffset at, string partnerId = "prt_a", bool isBot = false) => new(
        ClickId.New(linkCode, at), "prg_a", partnerId, at, "a1b2c3d4e5f60718293a4b5c6d7e8f90", UserAgentClass.Mobile, isBot ? null : "news.example.net", isBot);

    public static Conversion Conversion(string programId, string eventId = "evt-1") => new(
        Core.Conversions.Conversion.IdFor(programId, "api", eventId),
        programId,
        "api",
        eventId,
        ConversionType.Sale,
        new Money(4999, "EUR"),
        "cust-42",
        null,
        "SPRING10",
        "sku-1",
        Now.AddMinutes(-3),
        Now);

    public static Commission Commission(string programId, string partnerId, CommissionStatus status = CommissionStatus.Pending, DateTimeOffset? createdAt = null)
    {
        var conversionId = Identifiers.New("cv");
        return new Commission(
            Core.Commissions.Commission.IdFor(conversionId),
            programId,
            partnerId,
            conversionId,
            status,
            new Money(625, "EUR"),
            new Money(4999, "EUR"),
            CommissionPlanKind.Percent,
            12.5m,
            "12.5% of 49.99 EUR = 6.25 EUR.",
            createdAt ?? Now);
    }
}
