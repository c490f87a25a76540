namespace Referrals.Core.Stats;

/// <summary>The distinct visitors one event saw on one link on one UTC day, for unique clicks.</summary>
public sealed record VisitorsSeen(string LinkCode, DateOnly Day, IReadOnlyList<string> VisitorHashes);
