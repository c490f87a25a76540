using System.Text;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class DecisionLinkTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("decision-link-secret-0123456789");
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_signed_link_names_its_run_and_decision_until_it_expires()
    {
        var token = DecisionLink.Create(Key, "prg_a.2025-02", PayoutDecisionKind.Approve, Now.AddDays(7));

        var valid = Assert.IsType<DecisionLinkCheck.Valid>(DecisionLink.Verify(Key, token, Now));
        Assert.Equal(("prg_a.2025-02", PayoutDecisionKind.Approve), (valid.RunId, valid.Decision));
        Assert.IsType<DecisionLinkCheck.Expired>(DecisionLink.Verify(Key, token, Now.AddDays(7)));
    }

    [Fact]
    public void A_changed_link_or_another_key_is_refused()
    {
        var token = DecisionLink.Create(Key, "prg_a.2025-02", PayoutDecisionKind.Reject, Now.AddDays(7));
        var forged = DecisionLink.Create(Encoding.UTF8.GetBytes("another-secret-0123456789abcdef"), "prg_a.2025-02", PayoutDecisionKind.Approve, Now.AddDays(7));
        var swapped = DecisionLink.Create(Key, "prg_a.2025-02", PayoutDecisionKind.Approve, Now.AddDays(7)).Split('.')[0] + "." + token.Split('.')[1];

        Assert.IsType<DecisionLinkCheck.Tampered>(DecisionLink.Verify(Key, forged, Now));
        Assert.IsType<DecisionLinkCheck.Tampered>(DecisionLink.Verify(Key, swapped, Now));
        Assert.IsType<DecisionLinkCheck.Tampered>(DecisionLink.Verify(Key, "not-a-token", Now));
        Assert.IsType<DecisionLinkCheck.Tampered>(DecisionLink.Verify(Key, token[..^2], Now));
    }
}
