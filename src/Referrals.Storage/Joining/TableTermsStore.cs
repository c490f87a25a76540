using System.Globalization;
using Azure.Data.Tables;
using Referrals.Core.Joining;

namespace Referrals.Storage.Joining;

/// <summary>
/// Terms in the <c>ProgramTerms</c> table: PartitionKey = program id, RowKey = the version inverted
/// (<c>999999 - version</c>, zero-padded), so the current version is the partition's first row and an
/// insert of a version that exists fails.
/// </summary>
public sealed class TableTermsStore(StorageAccount account) : ITermsStore
{
    private const int MaxVersion = 999_999;
    private readonly TableClient _table = account.GetTableClient("ProgramTerms");

    public async Task<ProgramTerms?> GetCurrentAsync(string programId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId))
        {
            return null;
        }

        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {programId}"), maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return new ProgramTerms(
                programId,
                entity.RequiredInt("Version"),
                entity.RequiredString("Text"),
                entity.RequiredString("TextSha256"),
                entity.RequiredTime("PublishedAt"));
        }

        return null;
    }

    public async Task<bool> TryAddAsync(ProgramTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        TableKeys.Require(terms.ProgramId, nameof(terms));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(terms.Version, MaxVersion);
        try
        {
            await _table.AddEntityAsync(
                new TableEntity(terms.ProgramId, (MaxVersion - terms.Version).ToString("D6", CultureInfo.InvariantCulture))
                    .With("Version", terms.Version)
                    .With("Text", terms.Text)
                    .With("TextSha256", terms.TextSha256)
                    .With("PublishedAt", terms.PublishedAt),
                cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }
}
