using Referrals.Core.Validation;

namespace Referrals.Core.Commissions;

/// <summary>
/// A rate for one product (<see cref="ProductId"/>) or one category of products (<see cref="Category"/>)
/// that replaces the plan's sale rule: either <see cref="Percent"/> of the net or a flat
/// <see cref="Amount"/> in minor units. A product's override beats its category's, which beats the plan's.
/// </summary>
public sealed record CommissionOverride(string? ProductId = null, string? Category = null, decimal? Percent = null, long? Amount = null)
{
    /// <summary>Where the rate comes from, in a partner's words: "the rate for product 'pro'".</summary>
    public string Source() => ProductId is null ? $"the rate for the '{Category}' category" : $"the rate for product '{ProductId}'";

    internal void Validate(ValidationErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(ProductId) == string.IsNullOrWhiteSpace(Category))
        {
            errors.Add(field, "An override names exactly one of 'productId' or 'category'.");
        }
        else if ((ProductId ?? Category)!.Length > CommissionPlan.MaxNameLength)
        {
            errors.Add(field, "'productId' and 'category' are at most 100 characters.");
        }

        if (Percent is null == Amount is null)
        {
            errors.Add(field, "An override gives exactly one of 'percent' or 'amount'.");
        }

        CommissionPlan.ValidatePercent(errors, field + ".percent", Percent);
        CommissionPlan.ValidateAmount(errors, field + ".amount", Amount);
    }
}
