using Azure;
using Azure.Data.Tables;
using Referrals.Core.Commissions;

namespace Referrals.Storage.Commissions;

/// <summary>Reviews of flagged commissions: <c>Review*</c> columns merged onto the commission's row with its new status, under its ETag.</summary>
public sealed partial class TableCommissionStore : ICommissionReviewStore
{
    /// <remarks>The row is keyed by partner; finding it by id alone filters on RowKey across partitions (a scan, fine for a manager's single read).</remarks>
    public async Task<Commission?> FindAsync(string programId, string commissionId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(commissionId))
        {
            return null;
        }

        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {commissionId} and ProgramId eq {programId}"), cancellationToken: cancellationToken))
        {
            return FromEntity(entity);
        }

        return null;
    }

    public async Task<CommissionReview?> GetReviewAsync(string partnerId, string commissionId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId) || !TableKeys.IsValid(commissionId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, commissionId, cancellationToken: cancellationToken);
        return response.HasValue ? ReviewOf(response.Value!) : null;
    }

    public async Task<ReviewedCommission?> ReviewAsync(string partnerId, string commissionId, CommissionReview review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        while (true)
        {
            if (!TableKeys.IsValid(partnerId) || !TableKeys.IsValid(commissionId))
            {
                return null;
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, commissionId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var commission = FromEntity(response.Value!);
            if (review.StatusAfter(commission.Status) is not { } status)
            {
                return new ReviewedCommission(commission, ReviewOf(response.Value!), Applied: false);
            }

            var change = new TableEntity(partnerId, commissionId)
                .With("Status", status.ToString())
                .With("ReviewDecision", review.Decision.ToString())
                .With("ReviewReason", review.Reason)
                .With("ReviewedBy", review.ReviewedBy)
                .With("ReviewedAt", review.ReviewedAt);
            try
            {
                await _table.UpdateEntityAsync(change, response.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                return new ReviewedCommission(commission with { Status = status }, review, Applied: true);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Changed in between (another review, a refund): decide again on the fresh row.
            }
        }
    }

    private static CommissionReview? ReviewOf(TableEntity entity) =>
        entity.OptionalEnum<ReviewDecision>("ReviewDecision") is { } decision
            ? new CommissionReview(decision, entity.GetString("ReviewReason") ?? string.Empty, entity.GetString("ReviewedBy") ?? string.Empty, entity.RequiredTime("ReviewedAt"))
            : null;
}
