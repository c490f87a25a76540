using Azure;
using Azure.Data.Tables;
using Referrals.Core.Links;

namespace Referrals.Storage.Links;

/// <summary>
/// Referral codes in the <c>ReferralCodes</c> table: PartitionKey = program id, RowKey = the normalized
/// code, so uniqueness regardless of case is the table's own key constraint; <c>Code</c> keeps the
/// partner's spelling.
/// </summary>
public sealed class TableReferralCodeStore(StorageAccount account) : IReferralCodeStore
{
    private readonly TableClient _table = account.GetTableClient("ReferralCodes");
    private readonly TableClient _index = account.GetTableClient(PartnerLinkIndex.TableName);

    public async Task<bool> TryCreateAsync(ReferralCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        TableKeys.Require(code.ProgramId, nameof(code));
        var entity = new TableEntity(code.ProgramId, TableKeys.Require(ReferralCode.Normalize(code.Code), nameof(code)))
            .With("Code", code.Code)
            .With("PartnerId", code.PartnerId)
            .With("DiscountPercent", code.DiscountPercent)
            .With("CreatedAt", code.CreatedAt);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            await PartnerLinkIndex.AddAsync(_index, code, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<ReferralCode?> GetAsync(string programId, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = ReferralCode.Normalize(code);
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(normalized))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, normalized, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return new ReferralCode(
            entity.PartitionKey,
            entity.RequiredString("Code"),
            entity.RequiredString("PartnerId"),
            entity.GetInt32("DiscountPercent"),
            entity.RequiredTime("CreatedAt"));
    }
}
