using Azure;
using Azure.Data.Tables;

namespace Referrals.Storage.Access;

/// <summary>
/// The <c>DataProtectionKeys</c> table: the key ring that protects the pages' session cookies and
/// antiforgery tokens (PartitionKey <c>keys</c>, RowKey the key's name, the key's XML in <c>Xml</c>), so
/// every instance of the web front, and the next one after it scaled to zero, reads the same keys. The
/// calls are synchronous because the key ring's repository contract is.
/// </summary>
public sealed class TableDataProtectionKeys(StorageAccount account)
{
    private const string Partition = "keys";

    private readonly TableClient _table = account.GetTableClient("DataProtectionKeys");
    private volatile bool _created;

    /// <summary>The XML of every stored key.</summary>
    public IReadOnlyList<string> ReadAll()
    {
        EnsureCreated();
        return [.. _table.Query<TableEntity>(entity => entity.PartitionKey == Partition).Select(entity => entity.GetString("Xml") ?? string.Empty).Where(xml => xml.Length > 0)];
    }

    /// <summary>Stores a new key under <paramref name="name"/>; a key is written once and never changed.</summary>
    public void Store(string name, string xml)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(xml);
        EnsureCreated();
        _table.UpsertEntity(new TableEntity(Partition, TableKeys.Require(name, nameof(name))) { ["Xml"] = xml }, TableUpdateMode.Replace);
    }

    // Created on first use rather than with the adapters' tables: only the web front keeps keys.
    private void EnsureCreated()
    {
        if (_created)
        {
            return;
        }

        try
        {
            _table.CreateIfNotExists();
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Created meanwhile by another instance.
        }

        _created = true;
    }
}
