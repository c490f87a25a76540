using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Commissions;

public class TierSettlementTests
{
    private static readonly CommissionTier[] ByRevenue =
    [
        new(10),
        new(15, FromRevenue: 1_000_000),
        new(20, FromRevenue: 5_000_000),
    ];

    private static readonly DateTimeOffset March = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_refund_recorded_after_the_close_corrects_the_closed_period_in_the_next_one()
    {
        var ledger = new Ledger();
        var big = ledger.Sale(800_000, March.AddDays(3));
        ledger.Sale(400_000, March.AddDays(9));
        var marchLine = Assert.Single(ledger.Close(March));
        Assert.Equal(60_000, marchLine.Amount.Amount);

        ledger.Refund(big, 300_000, March.AddMonths(1).AddDays(2));
        var aprilLines = ledger.Close(March.AddMonths(1));

        var correction = Assert.Single(aprilLines);
        Assert.Equal("tier-2025-03", correction.ConversionId);
        Assert.Equal(-60_000, correction.Amount.Amount);
        Assert.Equal(March.AddMonths(2).AddSeconds(-1), correction.CreatedAt);
        Assert.Equal(
            "Tier correction for 2025-03, booked in 2025-04: events recorded after 2025-03 closed changed its results, which now are 9000.00 EUR in sales, the 10% tier; the tier is worth 0.00 EUR on top of its commissions, 600.00 EUR was booked before, so -600.00 EUR.",
            correction.Explanation);
        Assert.Equal(60_000, marchLine.Amount.Amount);
    }

    [Fact]
    public void Closing_a_period_again_books_nothing_more()
    {
        var ledger = new Ledger();
        var sale = ledger.Sale(1_200_000, March.AddDays(3));
        ledger.Close(March);
        ledger.Refund(sale, 100_000, March.AddMonths(1).AddDays(2));
        var first = ledger.Close(March.AddMonths(1));
        var stored = ledger.Count;

        var again = ledger.Close(March.AddMonths(1));

        Assert.Equal(-5_000, Assert.Single(first).Amount.Amount);
        Assert.Equal(first, again);
        Assert.Equal(stored, ledger.Count);
    }

    [Fact]
    public void Reaching_a_tier_lifts_only_the_period_the_sales_were_earned_in()
    {
        var ledger = new Ledger();
        ledger.Sale(600_000, March.AddDays(3));
        ledger.Sale(600_000, March.AddMonths(1).AddDays(3));

        Assert.Empty(ledger.Close(March));
        Assert.Empty(ledger.Close(March.AddMonths(1)));
    }

    /// <summary>
    /// Sales of March and refunds of some of them, each refund recorded in March (before the close), in
    /// April or in May: once May is closed, March's commissions, reversals and tier lines add up to the
    /// tier rate its final sales reached, of its whole net base, whatever the order the refunds came in.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property The_sum_over_periods_is_the_tier_rate_of_the_whole_base_whatever_the_arrival_order() =>
        Prop.ForAll(Scenario().ToArbitrary(), scenario =>
        {
            var ledger = new Ledger();
            var sales = scenario.Sales.Select((amount, i) => ledger.Sale(amount, March.AddDays(1).AddHours(i))).ToArray();
            for (var month = 0; month < 3; month++)
            {
                foreach (var (sale, part, arrives) in scenario.Refunds)
                {
                    if (arrives == month)
                    {
                        var original = sales[sale % sales.Length];
                        ledger.Refund(original, original.Base.Amount * part / 4, March.AddMonths(month).AddDays(20).AddMinutes(sale));
                    }
                }

                ledger.Close(March.AddMonths(month));
            }

            var netBase = ledger.All.Where(entry => entry.Rule == CommissionPlanKind.Percent).Sum(entry => entry.Base.Amount);
            var tier = ByRevenue.Last(candidate => candidate.Threshold() <= netBase);
            var commissions = ledger.All.Where(entry => entry.Rule == CommissionPlanKind.Percent).Sum(entry => entry.Amount.Amount);
            var expected = tier.Percent > 10 ? new Money(netBase, "EUR").Percent(tier.Percent).Amount : commissions;
            return ledger.All.Sum(entry => entry.Amount.Amount) == expected;
        });

    private static Gen<(long[] Sales, (int Sale, int Part, int Arrives)[] Refunds)> Scenario() =>
        from count in Gen.Choose(1, 8)
        from sales in Gen.Choose(1, 4_000_000).Select(amount => (long)amount).ArrayOf(count)
        from refunds in (from sale in Gen.Choose(0, 50) from part in Gen.Choose(1, 4) from arrives in Gen.Choose(0, 2) select (sale, part, arrives)).ArrayOf()
        select (sales, refunds.DistinctBy(refund => refund.sale % sales.Length).ToArray());

    /// <summary>One partner's ledger: sales at 10%, refunds as reversal entries, closes that store lines insert-if-absent.</summary>
    private sealed class Ledger
    {
        private readonly Dictionary<string, Commission> _entries = new(StringComparer.Ordinal);

        public IReadOnlyCollection<Commission> All => _entries.Values;

        public int Count => _entries.Count;

        public Commission Sale(long amount, DateTimeOffset at)
        {
            var sale = new Money(amount, "EUR");
            var commission = new Commission($"cm_{_entries.Count}", Sample.ProgramId, Sample.PartnerId, $"cv_{_entries.Count}", CommissionStatus.Pending, sale.Percent(10), sale, CommissionPlanKind.Percent, 10m, "", at);
            _entries.Add(commission.Id, commission);
            return commission;
        }

        public void Refund(Commission sale, long refunded, DateTimeOffset at)
        {
            var reversed = CommissionReversal.Share(sale.Amount.Amount, refunded, sale.Base.Amount);
            var entry = sale with
            {
                Id = $"cm_{_entries.Count}",
                ConversionId = $"cv_{_entries.Count}",
                Amount = new Money(-reversed, "EUR"),
                Base = new Money(-refunded, "EUR"),
                CreatedAt = at,
                Adjusts = sale.Id,
            };
            _entries.Add(entry.Id, entry);
        }

        /// <summary>Closes the month starting at <paramref name="start"/>, as <see cref="CloseTiers"/> does: new lines are stored, stored ones kept.</summary>
        public IReadOnlyList<Commission> Close(DateTimeOffset start)
        {
            var period = PayoutPeriod.Containing(start, PayoutSchedule.Monthly, TimeZoneInfo.Utc);
            var lines = TierSettlement.Decide(
                Sample.ProgramId,
                Sample.PartnerId,
                period,
                [.. _entries.Values],
                instant => PayoutPeriod.Containing(instant, PayoutSchedule.Monthly, TimeZoneInfo.Utc),
                ByRevenue,
                "EUR",
                1,
                period.End.AddSeconds(-1));
            return [.. lines.Select(line => _entries.TryAdd(line.Id, line) ? line : _entries[line.Id])];
        }
    }
}
