namespace Referrals.Core.Payouts;

/// <summary>
/// Finance's decision about a run: approve (optionally holding some partners' lines back, each with
/// its reason) or reject, always with who decided and why.
/// </summary>
public sealed record PayoutDecision(
    PayoutDecisionKind Kind,
    string Actor,
    string Reason,
    IReadOnlyDictionary<string, string>? Held = null)
{
    public IReadOnlyDictionary<string, string> HeldLines => Held ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
