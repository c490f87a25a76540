namespace Referrals.Core.Groups;

/// <summary>What came of moving a partner to a group.</summary>
public abstract record MovePartnerOutcome
{
    private MovePartnerOutcome()
    {
    }

    public sealed record Moved(GroupMove Move) : MovePartnerOutcome;

    /// <summary>The partner is in that group already; nothing was recorded.</summary>
    public sealed record AlreadyThere(GroupMove? LastMove) : MovePartnerOutcome;

    public sealed record PartnerNotFound : MovePartnerOutcome;

    public sealed record GroupNotFound : MovePartnerOutcome;
}
