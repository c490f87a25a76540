using Referrals.Core.Commissions;

namespace Referrals.Core.Statements;

/// <summary>The commissions of one rule in a statement: how many, their total and the entries themselves (each with how it was computed).</summary>
public sealed record StatementRule(CommissionPlanKind Rule, int Count, Money Total, IReadOnlyList<Commission> Entries);
