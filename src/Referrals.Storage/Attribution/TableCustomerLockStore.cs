using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Attribution;

namespace Referrals.Storage.Attribution;

/// <summary>
/// Customer locks in the <c>CustomerLocks</c> table: PartitionKey = program id, RowKey = customer id (or,
/// for an id that cannot be a key, <c>h_</c> + its hash). Insert-if-absent: the first partner wins.
/// </summary>
public sealed class TableCustomerLockStore(StorageAccount account) : ICustomerLockStore
{
    private readonly TableClient _table = account.GetTableClient("CustomerLocks");

    public async Task<CustomerLock> LockAsync(CustomerLock candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var entity = new TableEntity(TableKeys.Require(candidate.ProgramId, nameof(candidate)), Key(candidate.CustomerId))
            .With("CustomerId", candidate.CustomerId)
            .With("PartnerId", candidate.PartnerId)
            .With("LockedAt", candidate.LockedAt)
            .With("ConversionId", candidate.ConversionId);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return candidate;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return await GetAsync(candidate.ProgramId, candidate.CustomerId, cancellationToken)
                ?? throw new InvalidOperationException($"The lock of a customer of program {candidate.ProgramId} vanished.", exception);
        }
    }

    public async Task<CustomerLock?> GetAsync(string programId, string customerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || string.IsNullOrEmpty(customerId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, Key(customerId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }

        return new CustomerLock(programId, row.RequiredString("CustomerId"), row.RequiredString("PartnerId"), row.RequiredTime("LockedAt"), row.RequiredString("ConversionId"));
    }

    internal static string Key(string customerId) =>
        TableKeys.IsValid(customerId) && !customerId.StartsWith("h_", StringComparison.Ordinal) ? customerId : "h_" + Identifiers.Stable("cus", customerId);
}
