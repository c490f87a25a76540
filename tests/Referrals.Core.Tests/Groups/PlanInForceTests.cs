using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Core.Tests.Groups;

public class PlanInForceTests
{
    private static readonly DateTimeOffset Start = Sample.Now;

    /// <summary>Plan changes (minutes after the start, new percent) and conversions (minutes after the start).</summary>
    private static Arbitrary<((int Minute, int Percent)[] Changes, int[] Conversions)> Histories() =>
        Gen.Zip(
                Gen.Zip(Gen.Choose(0, 600), Gen.Choose(1, 100)).ArrayOf().Where(changes => changes.Length <= 6),
                Gen.Choose(-60, 700).ArrayOf().Where(conversions => conversions.Length is > 0 and <= 12))
            .ToArbitrary();

    [Property(MaxTest = 200)]
    public Property A_plan_change_applies_only_to_conversions_received_after_it() =>
        Prop.ForAll(Histories(), history =>
        {
            var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
            var versions = new List<PlanVersion>();
            var ordered = history.Changes.OrderBy(change => change.Minute).ToArray();
            for (var i = 0; i < ordered.Length; i++)
            {
                versions.Add(new PlanVersion(program.Id, PartnerGroup.DefaultId, i + 2, CommissionPlan.OfPercent(ordered[i].Percent), Start.AddMinutes(ordered[i].Minute), "admin"));
            }

            foreach (var minute in history.Conversions)
            {
                var receivedAt = Start.AddMinutes(minute);
                var inForce = PlanInForce.Resolve(program, [], versions, [], receivedAt);
                var conversion = Sample.Conversion(amount: 10_000, occurredAt: receivedAt);
                var quote = CommissionCalculator.Calculate(inForce.Plan, conversion)!;

                // The last change made at or before the conversion arrived; none: the program's first plan.
                var expected = ordered.Select((change, i) => (change, Version: i + 2)).LastOrDefault(pair => pair.change.Minute <= minute);
                var expectedPercent = expected.Version == 0 ? 20 : expected.change.Percent;
                var expectedVersion = expected.Version == 0 ? 1 : expected.Version;
                if (quote.Rate != expectedPercent || quote.PlanVersion != expectedVersion || inForce.Version != expectedVersion)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void A_conversion_received_before_a_change_keeps_the_old_plan_and_its_explanation_names_no_version()
    {
        var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
        PlanVersion[] versions = [new(program.Id, PartnerGroup.DefaultId, 2, CommissionPlan.OfPercent(30), Start, "admin")];

        var before = PlanInForce.Resolve(program, [], versions, [], Start.AddTicks(-1));
        var after = PlanInForce.Resolve(program, [], versions, [], Start);

        Assert.Equal((20m, 1), (before.Plan.Percent!.Value, before.Version));
        Assert.Equal("20% of 100.00 EUR = 20.00 EUR.", before.Explain("20% of 100.00 EUR = 20.00 EUR."));
        Assert.Equal((30m, 2), (after.Plan.Percent!.Value, after.Version));
        Assert.Equal("30% of 100.00 EUR = 30.00 EUR. Under version 2 of the program's plan.", after.Explain("30% of 100.00 EUR = 30.00 EUR."));
    }

    [Fact]
    public void A_moved_partner_earns_under_the_group_plan_from_the_move_on()
    {
        var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
        PartnerGroup[] groups = [new(program.Id, "grp_vip", "VIP", Start.AddDays(-1))];
        PlanVersion[] versions = [new(program.Id, "grp_vip", 1, CommissionPlan.OfPercent(35), Start.AddDays(-1), "admin")];
        GroupMove[] moves = [new(program.Id, Sample.PartnerId, PartnerGroup.DefaultId, "grp_vip", Start, "admin", "top seller")];

        var before = PlanInForce.Resolve(program, groups, versions, moves, Start.AddSeconds(-1));
        var after = PlanInForce.Resolve(program, groups, versions, moves, Start.AddSeconds(1));

        Assert.Equal((PartnerGroup.DefaultId, 20m), (before.GroupId, before.Plan.Percent!.Value));
        Assert.Equal(("grp_vip", 35m), (after.GroupId, after.Plan.Percent!.Value));
        Assert.Equal("version 1 of the 'VIP' group's plan", after.Describe());
    }

    [Fact]
    public void A_group_without_a_plan_version_earns_the_programs_plan_in_force_not_its_first()
    {
        var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
        PartnerGroup[] groups = [new(program.Id, "grp_new", "New", Start.AddDays(-1))];
        PlanVersion[] versions = [new(program.Id, PartnerGroup.DefaultId, 2, CommissionPlan.OfPercent(25), Start.AddDays(-2), "admin")];
        GroupMove[] moves = [new(program.Id, Sample.PartnerId, PartnerGroup.DefaultId, "grp_new", Start.AddDays(-1), "admin", null)];

        var inForce = PlanInForce.Resolve(program, groups, versions, moves, Start);

        Assert.Equal((25m, 2), (inForce.Plan.Percent!.Value, inForce.Version));
        Assert.Equal(PlanSource.Program, inForce.Source);
    }
}
