using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Email;

namespace Referrals.Storage.Email;

/// <summary>
/// Sent e-mail ids in <c>SentEmails</c>, one row per id (PartitionKey = SHA-256 of the id in hex, so any id
/// is a valid key; the id itself is kept beside it). Marking twice is harmless.
/// </summary>
public sealed class TableSentEmails(StorageAccount account) : ISentEmails
{
    private readonly TableClient _table = account.GetTableClient("SentEmails");

    public async Task<bool> WasSentAsync(string emailId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(emailId);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyOf(emailId), string.Empty, ["PartitionKey"], cancellationToken);
        return row.HasValue;
    }

    public async Task MarkSentAsync(string emailId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(emailId);
        var entity = new TableEntity(KeyOf(emailId), string.Empty).With("EmailId", emailId).With("SentAt", sentAt);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            // Sent and marked before (a redelivery): nothing to add.
        }
    }

    private static string KeyOf(string emailId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(emailId)));
}
