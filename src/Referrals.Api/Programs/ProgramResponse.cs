using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Api.Programs;

/// <summary>
/// A program as the API shows it; <see cref="Plan"/> is the program's plan in force now (its latest
/// version), and <see cref="Slug"/> names its application page <c>/join/{slug}</c>.
/// </summary>
public sealed record ProgramResponse(
    string Id,
    string Name,
    string Currency,
    IReadOnlyList<string> AllowedHosts,
    int CookieDays,
    CommissionPlan Plan,
    string PlanDescription,
    TrackingMode TrackingMode,
    AttributionModel AttributionModel,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt = null,
    string? Slug = null)
{
    /// <summary>The program with <paramref name="planInForce"/>, the version of its plan in force now, in place of its creation plan.</summary>
    public static ProgramResponse From(ReferralProgram program, CommissionPlan planInForce)
    {
        ArgumentNullException.ThrowIfNull(program);
        return From(program with { Plan = planInForce });
    }

    public static ProgramResponse From(ReferralProgram program) => new(
        program.Id,
        program.Name,
        program.Currency,
        program.AllowedHosts,
        program.CookieDays,
        program.Plan,
        program.Plan.Describe(program.Currency),
        program.TrackingMode,
        program.AttributionModel,
        program.CreatedAt,
        program.ArchivedAt);
}
