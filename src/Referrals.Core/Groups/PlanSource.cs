namespace Referrals.Core.Groups;

/// <summary>Where the plan a partner earns under comes from, in the order it is looked for.</summary>
public enum PlanSource
{
    /// <summary>The partner's own plan, set for that partner alone.</summary>
    Partner,

    /// <summary>The plan of the partner's group.</summary>
    Group,

    /// <summary>The program's plan (its default group's).</summary>
    Program,
}
