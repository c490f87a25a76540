namespace Referrals.Core.Changes;

/// <summary>The audit trail of changes made to a program's resources, newest first.</summary>
public interface IChangeLog
{
    Task AppendAsync(ChangeRecord change, CancellationToken cancellationToken);

    /// <summary>The program's changes, newest first, after the change <paramref name="after"/> (an id from an earlier page).</summary>
    Task<ListPage<ChangeRecord>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken);
}
