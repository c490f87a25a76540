using Referrals.Core.Validation;

namespace Referrals.Core.Partners;

/// <summary>What came of setting a partner's payout details.</summary>
public abstract record UpdatePayoutDetailsOutcome
{
    private UpdatePayoutDetailsOutcome()
    {
    }

    public sealed record Updated(PayoutDetails Details, PayoutDetailsChange Change) : UpdatePayoutDetailsOutcome;

    public sealed record Invalid(ValidationErrors Errors) : UpdatePayoutDetailsOutcome;

    public sealed record PartnerNotFound : UpdatePayoutDetailsOutcome;
}
