namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The catalog of events a shop can subscribe to with an endpoint. Names follow the Standard Webhooks
/// convention (<c>resource.happening</c>). <see cref="Ping"/> is sent only by an endpoint's test and
/// cannot be subscribed to.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>Someone applied to the program on its public page.</summary>
    public const string PartnerApplied = "partner.applied";

    /// <summary>An application was approved: the partner exists and is active.</summary>
    public const string PartnerApproved = "partner.approved";

    /// <summary>A sale, lead, renewal or adjustment was credited to a partner.</summary>
    public const string ConversionAttributed = "conversion.attributed";

    /// <summary>A conversion was credited to nobody; the data carries the reason.</summary>
    public const string ConversionUnattributed = "conversion.unattributed";

    /// <summary>A commission was earned (pending, or flagged for review).</summary>
    public const string CommissionCreated = "commission.created";

    /// <summary>A refund or chargeback took back (part of) a commission.</summary>
    public const string CommissionReversed = "commission.reversed";

    /// <summary>A fraud check held a commission for a manager's review.</summary>
    public const string CommissionFlagged = "commission.flagged";

    /// <summary>A payout run is calculated and waits for finance's decision.</summary>
    public const string PayoutRunAwaitingDecision = "payout_run.awaiting_decision";

    /// <summary>A payout run was approved and its lines are paid.</summary>
    public const string PayoutRunPaid = "payout_run.paid";

    /// <summary>Nobody decided a payout run before its deadline; nothing was paid.</summary>
    public const string PayoutRunExpired = "payout_run.expired";

    /// <summary>The test event an endpoint's owner sends to check the receiver.</summary>
    public const string Ping = "ping";

    /// <summary>Every event an endpoint can subscribe to.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PartnerApplied, PartnerApproved, ConversionAttributed, ConversionUnattributed, CommissionCreated,
        CommissionReversed, CommissionFlagged, PayoutRunAwaitingDecision, PayoutRunPaid, PayoutRunExpired,
    ];

    public static bool IsSubscribable(string type) => All.Contains(type, StringComparer.Ordinal);
}
