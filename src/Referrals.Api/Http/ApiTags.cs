namespace Referrals.Api.Http;

/// <summary>
/// The API's tags with the sentence each shows in the description. Every tag an endpoint uses needs a
/// line here: the OpenAPI lint refuses a tag without a description.
/// </summary>
public static class ApiTags
{
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Programs"] = "A shop's referral program: currency, cookie window, allowed destination hosts, commission plan and payout settings.",
        ["Partners"] = "The people and companies who send buyers to a program, their status and their portal access.",
        ["Links"] = "Tracked links (`/r/{code}`) and referral codes of a program's partners.",
        ["Codes"] = "The public lookup of a referral code's buyer discount, for a shop's checkout.",
        ["Tracking"] = "The redirect that records a click, and the clicks it recorded.",
        ["Conversions"] = "Sales, sign-ups, refunds and chargebacks reported by the shop.",
        ["Leads"] = "Customers a partner registered before they bought.",
        ["Commissions"] = "What partners earned for conversions, their review and tier closes.",
        ["Payouts"] = "Payout runs: the lines per partner, finance's decision and the payout file.",
        ["Stats"] = "Counters per partner and day, updated from clicks and attributions.",
        ["Webhooks"] = "Payment providers' signed events, their secrets, and the events that were ignored.",
        ["Dead letters"] = "Messages that failed every try, to look at and retry.",
        ["Keys"] = "API keys and their roles.",
        ["Changes"] = "Who changed what and when, for every change made through the API.",
        ["Health"] = "Liveness and readiness probes.",
        ["Applications"] = "People who applied on a program's public page, and the manager's decision on each.",
        ["Terms"] = "A program's versioned terms and which partners accepted which version.",
        ["Groups"] = "Partner groups with their own plans, plan versions, and partners' moves between groups.",
        ["Statements"] = "A partner's statement of a closed period: sales, refunds, commissions, tier and payout line.",
        ["Webhook endpoints"] = "The shop's endpoints for signed outbound events, their secrets and their delivery logs.",
        ["Webhook events"] = "The signed events the pipeline POSTs to a shop's webhook endpoints.",
        ["Reconciliations"] = "A payment provider's export compared with the recorded payments, and the replay of those never received.",
    };
}
