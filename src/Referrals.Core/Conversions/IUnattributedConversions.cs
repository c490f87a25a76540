namespace Referrals.Core.Conversions;

/// <summary>The conversions no partner was credited with, each with the reason, for the program manager.</summary>
public interface IUnattributedConversions
{
    /// <summary>The program's unattributed conversions received from <paramref name="since"/> on, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Conversion>> ListUnattributedAsync(string programId, DateTimeOffset since, int max, CancellationToken cancellationToken);
}
