using Referrals.Core.Attribution;

namespace Referrals.Api.Hosting;

/// <summary>
/// How long attribution waits for what is on its way, section <c>Referrals:Attribution</c> (see
/// <see cref="AttributionWaits"/>). Each bound is counted from when the waiting conversion was received.
/// </summary>
public sealed class AttributionOptions
{
    public const string Section = "Referrals:Attribution";

    /// <summary>The longest bound accepted: beyond it Service Bus would give a waiting message up before attribution does.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(6);

    /// <summary>A refund or dispute whose payment (or the link to it) is not known yet.</summary>
    public TimeSpan PaymentWait { get; set; } = AttributionWaits.Default.ForPayment;

    /// <summary>A renewal or sale whose customer's earlier sale is recorded but not attributed yet.</summary>
    public TimeSpan FirstSaleWait { get; set; } = AttributionWaits.Default.ForFirstSale;

    /// <summary>A renewal of a customer with no sale on record yet.</summary>
    public TimeSpan UnknownFirstSaleWait { get; set; } = AttributionWaits.Default.ForUnknownFirstSale;

    public AttributionWaits ToWaits() => new(PaymentWait, FirstSaleWait, UnknownFirstSaleWait);

    /// <summary>True when every bound lies between zero and <see cref="MaxWait"/>.</summary>
    public bool IsValid() =>
        new[] { PaymentWait, FirstSaleWait, UnknownFirstSaleWait }.All(wait => wait >= TimeSpan.Zero && wait <= MaxWait);
}
