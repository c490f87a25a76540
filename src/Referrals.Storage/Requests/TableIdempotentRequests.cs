using Azure;
using Azure.Data.Tables;

namespace Referrals.Storage.Requests;

/// <summary>
/// Idempotency keys of creates in the <c>IdempotentRequests</c> table: PartitionKey = a hash of the
/// caller and the key (any characters a client sends are safe as a key), RowKey empty. Claiming is an
/// insert-if-absent, so of two concurrent requests with one key only one goes on to create. A key is
/// kept for 24 hours; a claim whose request never finished (its process died) is taken over after
/// <see cref="AbandonedAfter"/>.
/// </summary>
public sealed class TableIdempotentRequests(StorageAccount account)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    // Table Storage keeps a binary property up to 64 KiB; larger answers are not kept (the key is released).
    public const int MaxBodyBytes = 60 * 1024;

    private const string Pending = "pending";
    private const string Done = "done";

    private readonly TableClient _table = account.GetTableClient("IdempotentRequests");

    public async Task<IdempotentClaim> ClaimAsync(string keyHash, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableKeys.Require(keyHash, nameof(keyHash));
        while (true)
        {
            try
            {
                await _table.AddEntityAsync(NewClaim(keyHash, fingerprint, now), cancellationToken);
                return new IdempotentClaim.Claimed();
            }
            catch (RequestFailedException exception) when (exception.IsConflict())
            {
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(keyHash, string.Empty, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                continue;
            }

            var stored = response.Value!;
            var createdAt = stored.RequiredTime("CreatedAt");
            var state = stored.RequiredString("State");
            var expired = now - createdAt >= Lifetime;
            var abandoned = state == Pending && now - createdAt >= AbandonedAfter;
            if (expired || (abandoned && stored.RequiredString("Fingerprint") == fingerprint))
            {
                try
                {
                    await _table.UpdateEntityAsync(NewClaim(keyHash, fingerprint, now), stored.ETag, TableUpdateMode.Replace, cancellationToken);
                    return new IdempotentClaim.Claimed();
                }
                catch (RequestFailedException exception) when (exception.Status is 412 or 404)
                {
                    continue;
                }
            }

            if (stored.RequiredString("Fingerprint") != fingerprint)
            {
                return new IdempotentClaim.Mismatch();
            }

            return state == Done
                ? new IdempotentClaim.Answered(new IdempotentAnswer(
                    stored.RequiredInt("Status"), stored.GetString("ContentType"), stored.GetString("Location"), stored.GetBinary("Body") ?? []))
                : new IdempotentClaim.InProgress();
        }
    }

    /// <summary>Keeps <paramref name="answer"/> for the key's retries.</summary>
    public Task CompleteAsync(string keyHash, string fingerprint, DateTimeOffset claimedAt, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var entity = NewClaim(keyHash, fingerprint, claimedAt)
            .With("State", Done)
            .With("Status", answer.Status)
            .With("ContentType", answer.ContentType)
            .With("Location", answer.Location)
            .With("Body", answer.Body);
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Gives the key up (the request failed or was refused), so a corrected retry may use it.</summary>
    public async Task ReleaseAsync(string keyHash, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(keyHash, string.Empty, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    private static TableEntity NewClaim(string keyHash, string fingerprint, DateTimeOffset now) =>
        new TableEntity(keyHash, string.Empty)
            .With("State", Pending)
            .With("Fingerprint", fingerprint)
            .With("CreatedAt", now);
}
