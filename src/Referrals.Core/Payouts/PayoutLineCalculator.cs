using Referrals.Core.Commissions;

namespace Referrals.Core.Payouts;

/// <summary>
/// Adds up a run's approved commission entries, one at a time in any order, into one line per partner,
/// and decides what happens to each line. Keeps one small sum per partner, never the entries, so a
/// run over any number of commissions is streamed. Integer sums only: no money is lost to rounding.
/// </summary>
public sealed class PayoutLineCalculator(PayoutRun run, long minimumPayout)
{
    private readonly Dictionary<string, Sums> _partners = new(StringComparer.Ordinal);

    /// <summary>True when a pending entry is due at the run's cutoff: earned before it, and its hold passed by then. Reversals are due at once.</summary>
    public static bool IsDue(PayoutCommission commission, PayoutRun run, TimeSpan hold)
    {
        ArgumentNullException.ThrowIfNull(commission);
        ArgumentNullException.ThrowIfNull(run);
        return commission.Status == CommissionStatus.Pending
            && commission.ProgramId == run.ProgramId
            && commission.CreatedAt < run.Cutoff
            && (commission.Amount < 0 || commission.CreatedAt + hold <= run.Cutoff);
    }

    /// <summary>True when an approved entry belongs in the run: earned before the cutoff and approved before the lines were calculated.</summary>
    public static bool Counts(PayoutCommission commission, PayoutRun run)
    {
        ArgumentNullException.ThrowIfNull(commission);
        ArgumentNullException.ThrowIfNull(run);
        return commission.Status == CommissionStatus.Approved
            && commission.ProgramId == run.ProgramId
            && commission.CreatedAt < run.Cutoff
            && (commission.ApprovedAt is null || run.CalculatedAt is null || commission.ApprovedAt <= run.CalculatedAt);
    }

    public int Partners => _partners.Count;

    /// <summary>Counts one entry; entries that do not belong in the run are ignored.</summary>
    public void Add(PayoutCommission commission)
    {
        ArgumentNullException.ThrowIfNull(commission);
        if (!Counts(commission, run))
        {
            return;
        }

        if (!string.Equals(commission.Currency, run.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Commission {commission.Id} is in {commission.Currency}, the run in {run.Currency}.");
        }

        ref var sums = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_partners, commission.PartnerId, out _);
        if (run.PreviousCutoff is { } previous && commission.CreatedAt < previous)
        {
            sums.CarriedIn = checked(sums.CarriedIn + commission.Amount);
        }
        else if (commission.Amount >= 0)
        {
            sums.Earned = checked(sums.Earned + commission.Amount);
        }
        else
        {
            sums.Reversals = checked(sums.Reversals + commission.Amount);
        }

        sums.Count++;
    }

    /// <summary>The lines, ordered by partner id.</summary>
    public IEnumerable<PayoutLine> Lines() =>
        _partners.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => Line(pair.Key, pair.Value));

    /// <summary>The run's totals over <see cref="Lines"/>.</summary>
    public PayoutTotals Totals()
    {
        int payableLines = 0, carriedLines = 0;
        long payable = 0, carried = 0;
        foreach (var (partnerId, sums) in _partners)
        {
            var line = Line(partnerId, sums);
            if (line.Status == PayoutLineStatus.Payable)
            {
                payableLines++;
                payable = checked(payable + line.Amount);
            }
            else
            {
                carriedLines++;
                carried = checked(carried + line.Amount);
            }
        }

        return new PayoutTotals(_partners.Count, payableLines, payable, carriedLines, carried);
    }

    private PayoutLine Line(string partnerId, Sums sums)
    {
        var amount = checked(sums.CarriedIn + sums.Earned + sums.Reversals);
        var (status, note) = amount switch
        {
            < 0 => (PayoutLineStatus.Carried, $"Negative balance of {new Money(amount, run.Currency)} (reversed commissions that were already paid); carried to the next period."),
            0 => (PayoutLineStatus.Carried, "Nothing to pay."),
            _ when amount < minimumPayout => (PayoutLineStatus.Carried, $"Below the minimum payout of {new Money(minimumPayout, run.Currency)}; carried to the next period."),
            _ => (PayoutLineStatus.Payable, "Paid when the run is approved."),
        };
        return new PayoutLine(run.Id, partnerId, run.Currency, sums.CarriedIn, sums.Earned, sums.Reversals, amount, sums.Count, status, note);
    }

    private struct Sums
    {
        public long CarriedIn;
        public long Earned;
        public long Reversals;
        public int Count;
    }
}
