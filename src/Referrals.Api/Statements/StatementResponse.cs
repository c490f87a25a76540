using Referrals.Api.Commissions;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Core.Statements;

namespace Referrals.Api.Statements;

/// <summary>A partner's statement for a period: sales, refunds, commissions by rule with how each was computed, the tier reached and the next, the payout line.</summary>
public sealed record StatementResponse(
    string PartnerId,
    string ProgramId,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool Ended,
    string Currency,
    int Sales,
    long Revenue,
    int Refunds,
    long Refunded,
    long Commissions,
    IReadOnlyList<StatementRuleResponse> Rules,
    StatementTierResponse? Tier,
    StatementPayoutResponse? Payout)
{
    public static StatementResponse From(PartnerStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new(
            statement.Partner.Id,
            statement.Program.Id,
            statement.Period.Key,
            statement.Period.Start,
            statement.Period.End,
            statement.Ended,
            statement.Program.Currency,
            statement.Sales,
            statement.Revenue.Amount,
            statement.Refunds,
            statement.Refunded.Amount,
            statement.Commissions.Amount,
            [.. statement.Rules.Select(rule => new StatementRuleResponse(rule.Rule, rule.Count, rule.Total.Amount, [.. rule.Entries.Select(CommissionResponse.From)]))],
            statement.Tier is { } tier ? new StatementTierResponse(tier.Measure, tier.ByRevenue ? "revenue" : "sales", tier.Current?.Percent, tier.Next?.Percent, tier.Missing, tier.Reached, tier.ToNext) : null,
            statement.Run is { } run
                ? new StatementPayoutResponse(run.Id, run.State, statement.Line?.Amount, statement.Line?.Status, statement.Line?.Note ?? "No line for you in this run: nothing was due.")
                : null);
    }
}

/// <summary>The commissions of one rule in the period.</summary>
public sealed record StatementRuleResponse(CommissionPlanKind Rule, int Count, long Total, IReadOnlyList<CommissionResponse> Entries);

/// <summary>The tier the period reached (<c>measure</c> in minor units of revenue, or sales) and what the next one needs.</summary>
public sealed record StatementTierResponse(long Measure, string By, decimal? Percent, decimal? NextPercent, long? Missing, string Reached, string ToNext);

/// <summary>The period's payout run and the partner's line in it (none when nothing was due).</summary>
public sealed record StatementPayoutResponse(string RunId, PayoutRunState State, long? Amount, PayoutLineStatus? Status, string Note);
