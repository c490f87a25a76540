using Azure.Data.Tables;
using Referrals.Core.Leads;
using Referrals.Storage.Attribution;

namespace Referrals.Storage.Leads;

/// <summary>
/// Registered leads in the <c>Leads</c> table: PartitionKey = program id, RowKey = <c>c_</c> + customer id
/// or <c>e_</c> + the e-mail's keyed hash (never the e-mail), one row per key, so either lookup is a point
/// read. A lead's rows are added in one entity-group transaction: all or none, first registration wins.
/// </summary>
public sealed class TableLeadStore(StorageAccount account) : ILeadStore
{
    private readonly TableClient _table = account.GetTableClient("Leads");

    public async Task<Lead?> TryRegisterAsync(Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var keys = new[] { lead.CustomerId is null ? null : CustomerKey(lead.CustomerId), lead.EmailHash is null ? null : EmailKey(lead.EmailHash) }
            .OfType<string>()
            .ToArray();
        var actions = keys.Select(key => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(lead, key))).ToArray();
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            foreach (var key in keys)
            {
                if (await GetAsync(lead.ProgramId, key, cancellationToken) is { } holder)
                {
                    return holder;
                }
            }

            throw;
        }
    }

    public Task<Lead?> FindByCustomerAsync(string programId, string customerId, CancellationToken cancellationToken) =>
        GetAsync(programId, CustomerKey(customerId), cancellationToken);

    public Task<Lead?> FindByEmailHashAsync(string programId, string emailHash, CancellationToken cancellationToken) =>
        GetAsync(programId, EmailKey(emailHash), cancellationToken);

    private async Task<Lead?> GetAsync(string programId, string key, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, key, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }

        return new Lead(programId, row.RequiredString("PartnerId"), row.GetString("CustomerId"), row.GetString("EmailHash"), row.RequiredTime("RegisteredAt"));
    }

    private static TableEntity ToEntity(Lead lead, string key) =>
        new TableEntity(TableKeys.Require(lead.ProgramId, nameof(lead)), key)
            .With("PartnerId", lead.PartnerId)
            .With("CustomerId", lead.CustomerId)
            .With("EmailHash", lead.EmailHash)
            .With("RegisteredAt", lead.RegisteredAt);

    private static string CustomerKey(string customerId) => "c_" + TableCustomerLockStore.Key(customerId);

    private static string EmailKey(string emailHash) => "e_" + emailHash;
}
