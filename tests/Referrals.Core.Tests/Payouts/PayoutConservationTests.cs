using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Payouts;

public class PayoutConservationTests
{
    private static readonly string[] Partners = ["prt_a", "prt_b", "prt_c"];

    /// <summary>A month: the entries earned in it (partner, amount; negative = a reversal) and finance's answer (0 approve, 1 reject, 2 hold prt_a, 3 no answer).</summary>
    private static Arbitrary<(int Partner, int Amount)[][]> Months() =>
        Gen.Zip(Gen.Choose(0, Partners.Length - 1), Gen.Choose(-4_000, 9_000))
            .ArrayOf()
            .ArrayOf()
            .Where(months => months.Length is > 0 and <= 8)
            .ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Across_any_runs_money_paid_plus_carried_equals_earned_minus_reversals() =>
        Prop.ForAll(Months(), Gen.Choose(0, 3).ArrayOf(8).ToArbitrary(), Gen.Choose(0, 6_000).ToArbitrary(), (months, answers, minimum) =>
        {
            var world = new PayoutWorld(PayoutSettings.Default with { HoldDays = 0, MinimumPayout = minimum });
            long earned = 0, reversed = 0;
            for (var m = 0; m < months.Length; m++)
            {
                world.At(PayoutWorld.Month(m + 1).AddDays(2));
                foreach (var (partner, amount) in months[m])
                {
                    world.Earn(Partners[partner], amount);
                    if (amount >= 0)
                    {
                        earned += amount;
                    }
                    else
                    {
                        reversed -= amount;
                    }
                }

                var run = world.RunAsync(PayoutWorld.Month(m + 2)).GetAwaiter().GetResult();
                _ = answers[m % answers.Length] switch
                {
                    0 => world.ApproveAsync(run).GetAwaiter().GetResult(),
                    1 => world.RejectAsync(run).GetAwaiter().GetResult(),
                    2 when world.Runs.Lines(run.Id).Any(line => line.PartnerId == "prt_a") =>
                        world.ApproveAsync(run, new Dictionary<string, string> { ["prt_a"] = "check" }).GetAwaiter().GetResult(),
                    2 => world.ApproveAsync(run).GetAwaiter().GetResult(),
                    _ => Expire(world, run),
                };
            }

            var paid = world.Ledger.All.Where(c => c.Status == CommissionStatus.Paid).Sum(c => c.Amount);
            var carried = world.Runs.Balances.Values.Sum();
            var paidLines = world.Events.Published.Select(p => p.Event).OfType<PayoutRunApproved>().Sum(e => e.PaidAmount);
            return (paid + carried == earned - reversed && paidLines == paid)
                .Label($"paid {paid} + carried {carried} vs earned {earned} - reversed {reversed}; paid lines {paidLines}");
        });

    private static PayoutRun Expire(PayoutWorld world, PayoutRun run)
    {
        world.At(run.Deadline!.Value);
        return world.Steps.AdvanceAsync(run.Id, default).GetAwaiter().GetResult()!;
    }
}
