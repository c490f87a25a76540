using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests;

/// <summary>Ready-made domain values; each test changes only what its behaviour is about.</summary>
internal static class Sample
{
    public const string ProgramId = "prg_shop";
    public const string PartnerId = "prt_ada";
    public const string OtherPartnerId = "prt_bob";
    public const string LinkCode = "AbCd1234";

    /// <summary>A round hour, so clicks a few seconds later share its partition.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static ReferralProgram Program(int cookieDays = 30, CommissionPlan? plan = null, string id = ProgramId) => new(
        id,
        "Shop partners",
        "EUR",
        ["shop.example.com"],
        cookieDays,
        plan ?? CommissionPlan.OfPercent(20),
        TrackingMode.Durable,
        AttributionModel.LastClick,
        Now.AddDays(-100));

    public static Partner Partner(string id = PartnerId, PartnerStatus status = PartnerStatus.Active) =>
        new(id, ProgramId, "Ada Lovelace", "ada@example.com", PartnerType.Affiliate, status, Now.AddDays(-90));

    public static Click Click(
        DateTimeOffset at,
        string partnerId = PartnerId,
        string linkCode = LinkCode,
        string visitorHash = "visitor-1",
        bool isBot = false,
        string programId = ProgramId) =>
        new(ClickId.New(linkCode, at), programId, partnerId, at, visitorHash, isBot ? UserAgentClass.Bot : UserAgentClass.Desktop, "news.example.org", isBot);

    public static ReferralCode Code(string code = "SPRING25", string partnerId = OtherPartnerId, string programId = ProgramId) =>
        new(programId, code, partnerId, null, Now.AddDays(-60));

    public static Conversion Conversion(
        ConversionType type = ConversionType.Sale,
        long amount = 10_000,
        string? clickId = null,
        string? code = null,
        DateTimeOffset? occurredAt = null,
        string eventId = "evt_1") =>
        new(
            Core.Conversions.Conversion.IdFor(ProgramId, "api", eventId),
            ProgramId,
            "api",
            eventId,
            type,
            new Money(amount, "EUR"),
            "cus_42",
            clickId,
            code,
            null,
            occurredAt ?? Now,
            occurredAt ?? Now);
}
