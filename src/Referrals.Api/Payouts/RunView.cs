using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// What finance sees of one run, whether through a page session or a decision link: the run, its lines
/// with partner names, the decisions the form offers, and what became of the last one.
/// </summary>
public sealed record RunView
{
    public required PayoutRun Run { get; init; }

    public required IReadOnlyList<PayoutLine> Lines { get; init; }

    public required IReadOnlyDictionary<string, string> Names { get; init; }

    /// <summary>The decisions the form offers: both in a session, the one a decision link was minted for.</summary>
    public IReadOnlyList<PayoutDecisionKind> Decisions { get; init; } = [PayoutDecisionKind.Approve, PayoutDecisionKind.Reject];

    /// <summary>The payout file is a finance page of its own, so a decision link does not offer it.</summary>
    public bool OffersPayoutFile { get; init; } = true;

    /// <summary>A paid run's exports and the lines each leaves out, shown beside the payout file; null where they are not offered.</summary>
    public PayoutExportsResponse? Exports { get; init; }

    public string? Notice { get; init; }

    public string? Problem { get; init; }

    public bool Decidable => Run.State == PayoutRunState.AwaitingDecision && Decisions.Count > 0;

    /// <summary>Lines are held back only when a run is approved.</summary>
    public bool CanHoldLines => Decidable && Decisions.Contains(PayoutDecisionKind.Approve);

    public bool Offers(PayoutDecisionKind decision) => Decidable && Decisions.Contains(decision);

    public string NameOf(string partnerId) => Names.GetValueOrDefault(partnerId, partnerId);

    /// <summary>The run with its lines and their partners' names; null when there is no such run.</summary>
    public static async Task<RunView?> LoadAsync(string runId, IPayoutRunStore runs, IPartnerStore partners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(partners);
        if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var lines = new List<PayoutLine>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var line in runs.StreamLinesAsync(runId, cancellationToken))
        {
            lines.Add(line);
            if (!names.ContainsKey(line.PartnerId) && await partners.GetAsync(line.PartnerId, cancellationToken) is { } partner)
            {
                names[partner.Id] = partner.Name;
            }
        }

        return new RunView { Run = stored.Run, Lines = lines, Names = names };
    }
}
