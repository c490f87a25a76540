namespace Referrals.Core.Groups;

/// <summary>
/// A group of a program's partners whose plan applies to them. Every program has the
/// <see cref="DefaultId"/> group, whose plan is the program's own; a partner nobody has moved is in it.
/// </summary>
public sealed record PartnerGroup(string ProgramId, string Id, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>The id of every program's default group.</summary>
    public const string DefaultId = "default";

    /// <summary>The name the default group is shown under.</summary>
    public const string DefaultName = "Default";

    public const int MaxNameLength = 100;

    public bool IsDefault => Id == DefaultId;

    /// <summary>The default group of <paramref name="programId"/>, made when the program was.</summary>
    public static PartnerGroup DefaultOf(string programId, DateTimeOffset programCreatedAt) => new(programId, DefaultId, DefaultName, programCreatedAt);
}
