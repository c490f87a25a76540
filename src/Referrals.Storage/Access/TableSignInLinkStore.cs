using Azure;
using Azure.Data.Tables;
using Referrals.Core.Access;

namespace Referrals.Storage.Access;

/// <summary>Used sign-in links in the <c>SignInLinks</c> table: PartitionKey = link id, RowKey empty; inserting is the single-use check.</summary>
public sealed class TableSignInLinkStore(StorageAccount account) : ISignInLinkStore
{
    private readonly TableClient _table = account.GetTableClient("SignInLinks");

    public async Task<bool> TryUseAsync(string linkId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableKeys.Require(linkId, nameof(linkId));
        try
        {
            await _table.AddEntityAsync(new TableEntity(linkId, string.Empty).With("UsedAt", at), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }
}
