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
        TableKeys.Require(ReferralCode.Normalize(code.Code), nameof(code));
        var entity = ToEntity(code);
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

        return FromEntity(response.Value!);
    }

    internal static TableEntity ToEntity(ReferralCode code) =>
        new TableEntity(code.ProgramId, ReferralCode.Normalize(code.Code))
            .With("Code", code.Code)
            .With("PartnerId", code.PartnerId)
            .With("DiscountPercent", code.DiscountPercent)
            .With("CreatedAt", code.CreatedAt)
            .With("RetiredAt", code.RetiredAt);

    internal static ReferralCode FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("Code"),
        entity.RequiredString("PartnerId"),
        entity.GetInt32("DiscountPercent"),
        entity.RequiredTime("CreatedAt"),
        entity.GetDateTimeOffset("RetiredAt"));
}
