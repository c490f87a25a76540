namespace Referrals.Core.Partners;

/// <summary>Validates and stores a partner's payout details with their audit entry, then tells the partner.</summary>
public sealed class UpdatePayoutDetails(IPartnerStore partners, IPayoutDetailsStore details, IPayoutDetailsNotifier notifier, TimeProvider time)
{
    public async Task<UpdatePayoutDetailsOutcome> ExecuteAsync(string partnerId, PayoutDetailsDraft draft, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return new UpdatePayoutDetailsOutcome.PartnerNotFound();
        }

        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            return new UpdatePayoutDetailsOutcome.Invalid(errors);
        }

        var updated = draft.ToDetails();
        var change = new PayoutDetailsChange(partner.Id, time.GetUtcNow(), by, updated.Method, updated.Masked());
        await details.SetAsync(partner.Id, updated, change, cancellationToken);

        // After the store: the partner is told only of a change that happened.
        await notifier.NotifyChangedAsync(partner, change, cancellationToken);
        return new UpdatePayoutDetailsOutcome.Updated(updated, change);
    }
}
