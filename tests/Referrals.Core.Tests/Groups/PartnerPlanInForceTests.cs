using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Core.Tests.Groups;

/// <summary>The order a partner's plan is looked for: its own plan, else its group's, else the program's, each as it was when the conversion arrived.</summary>
public class PartnerPlanInForceTests
{
    private static readonly DateTimeOffset Start = Sample.Now;
    private static readonly PartnerGroup Vip = new(Sample.ProgramId, "grp_vip", "VIP", Start.AddDays(-1));

    /// <summary>
    /// A history of changes, each at its own minute: 0 a new program plan, 1 a new VIP plan, 2 the partner
    /// moved to VIP, 3 moved back to the default group, 4 a plan of the partner's own, 5 its removal;
    /// and the minutes conversions arrive at.
    /// </summary>
    private static Arbitrary<((int Minute, int Kind, int Percent)[] Changes, int[] Conversions)> Histories() =>
        Gen.Zip(
                Gen.Zip(Gen.Choose(0, 5), Gen.Choose(1, 100)).ArrayOf().Where(changes => changes.Length <= 10),
                Gen.Choose(-5, 130).ArrayOf().Where(conversions => conversions.Length is > 0 and <= 15))
            .Select(pair => (pair.Item1.Select((change, i) => (Minute: (i * 10) + 3, Kind: change.Item1, Percent: change.Item2)).ToArray(), pair.Item2))
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_change_applies_only_to_conversions_received_after_it_and_a_partners_own_plan_comes_first() =>
        Prop.ForAll(Histories(), history =>
        {
            var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
            var versions = new List<PlanVersion> { new(program.Id, Vip.Id, 1, CommissionPlan.OfPercent(40), Start.AddDays(-1), "admin") };
            var moves = new List<GroupMove>();
            var own = new List<PartnerPlanVersion>();
            var group = PartnerGroup.DefaultId;
            foreach (var (minute, kind, percent) in history.Changes)
            {
                var at = Start.AddMinutes(minute);
                switch (kind)
                {
                    case 0:
                        versions.Add(new(program.Id, PartnerGroup.DefaultId, versions.Count(v => v.GroupId == PartnerGroup.DefaultId) + 2, CommissionPlan.OfPercent(percent), at, "admin"));
                        break;
                    case 1:
                        versions.Add(new(program.Id, Vip.Id, versions.Count(v => v.GroupId == Vip.Id) + 1, CommissionPlan.OfPercent(percent), at, "admin"));
                        break;
                    case 2 or 3:
                        var to = kind == 2 ? Vip.Id : PartnerGroup.DefaultId;
                        moves.Add(new(program.Id, Sample.PartnerId, group, to, at, "admin", null));
                        group = to;
                        break;
                    case 4:
                        own.Add(new(program.Id, Sample.PartnerId, own.Count + 1, CommissionPlan.OfPercent(percent), at, "admin"));
                        break;
                    default:
                        own.Add(new(program.Id, Sample.PartnerId, own.Count + 1, null, at, "admin"));
                        break;
                }
            }

            foreach (var minute in history.Conversions)
            {
                var inForce = PlanInForce.Resolve(program, [Vip], versions, moves, own, Start.AddMinutes(minute));
                var expected = Replay(history.Changes.Where(change => change.Minute <= minute));
                if ((inForce.Plan.Percent, inForce.Source, inForce.Version) != expected)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void A_partners_own_plan_is_named_in_the_explanation_and_its_removal_returns_the_partner_to_its_group()
    {
        var program = Sample.Program(plan: CommissionPlan.OfPercent(20));
        PlanVersion[] versions = [new(program.Id, Vip.Id, 1, CommissionPlan.OfPercent(40), Start.AddDays(-1), "admin")];
        GroupMove[] moves = [new(program.Id, Sample.PartnerId, PartnerGroup.DefaultId, Vip.Id, Start.AddDays(-1), "admin", null)];
        PartnerPlanVersion[] own =
        [
            new(program.Id, Sample.PartnerId, 1, CommissionPlan.OfFlat(900), Start, "admin"),
            new(program.Id, Sample.PartnerId, 2, CommissionPlan.OfPercent(35), Start.AddHours(1), "admin"),
            new(program.Id, Sample.PartnerId, 3, null, Start.AddHours(2), "admin"),
        ];

        var overridden = PlanInForce.Resolve(program, [Vip], versions, moves, own, Start.AddMinutes(90));
        var returned = PlanInForce.Resolve(program, [Vip], versions, moves, own, Start.AddHours(2));

        Assert.Equal((PlanSource.Partner, 35m, 2, Vip.Id), (overridden.Source, overridden.Plan.Percent!.Value, overridden.Plan.Version, overridden.GroupId));
        Assert.Equal("35% of 100.00 EUR = 35.00 EUR. Under version 2 of the partner's own plan.", overridden.Explain("35% of 100.00 EUR = 35.00 EUR."));
        Assert.Equal((PlanSource.Group, 40m, 1), (returned.Source, returned.Plan.Percent!.Value, returned.Version));
    }

    /// <summary>The model: the changes made by then, applied one after another.</summary>
    private static (decimal? Percent, PlanSource Source, int Version) Replay(IEnumerable<(int Minute, int Kind, int Percent)> changes)
    {
        (decimal Percent, int Version) programPlan = (20, 1);
        (decimal Percent, int Version) vipPlan = (40, 1);
        (decimal Percent, int Version)? ownPlan = null;
        var ownVersions = 0;
        var inVip = false;
        foreach (var (_, kind, percent) in changes)
        {
            switch (kind)
            {
                case 0: programPlan = (percent, programPlan.Version + 1); break;
                case 1: vipPlan = (percent, vipPlan.Version + 1); break;
                case 2: inVip = true; break;
                case 3: inVip = false; break;
                case 4: ownPlan = (percent, ++ownVersions); break;
                default: ownVersions++; ownPlan = null; break;
            }
        }

        return ownPlan is { } mine ? (mine.Percent, PlanSource.Partner, mine.Version)
            : inVip ? (vipPlan.Percent, PlanSource.Group, vipPlan.Version)
            : (programPlan.Percent, PlanSource.Program, programPlan.Version);
    }
}
