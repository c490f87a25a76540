using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Referrals.Core.Tests;

public class IdentifiersTests
{
    [Property]
    public bool Stable_gives_the_same_id_for_the_same_parts(NonNull<string>[] parts)
    {
        var values = parts.Select(part => part.Get).ToArray();

        return Identifiers.Stable("cv", values) == Identifiers.Stable("cv", values.ToArray());
    }

    [Property]
    public Property Stable_gives_different_ids_for_different_parts() =>
        Prop.ForAll(Parts(), Parts(), (first, second) =>
            first.SequenceEqual(second, StringComparer.Ordinal)
            || Identifiers.Stable("cv", first) != Identifiers.Stable("cv", second));

    [Fact]
    public void Stable_ids_differ_when_only_the_order_of_parts_differs()
    {
        Assert.NotEqual(Identifiers.Stable("cv", "prg_a", "evt_b"), Identifiers.Stable("cv", "evt_b", "prg_a"));
    }

    [Fact]
    public void Stable_ids_are_lower_case_base32_with_130_bits()
    {
        var id = Identifiers.Stable("cv", "prg_shop", "stripe", "evt_1");

        Assert.Matches("^cv_[a-z2-7]{26}$", id);
    }

    [Fact]
    public void New_ids_are_unique_and_well_formed()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Identifiers.New("prg")).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^prg_[a-z2-7]{20}$", id));
    }

    [Fact]
    public void Base32_encodes_known_bytes()
    {
        // RFC 4648 test vector "foobar", lower case and without padding.
        Assert.Equal("mzxw6ytboi", Identifiers.Base32("foobar"u8));
    }

    /// <summary>
    /// Non-empty lists of parts without the unit separator the parts are joined with: ids are only
    /// guaranteed distinct for those (the callers pass generated ids and printable event ids).
    /// </summary>
    private static Arbitrary<string[]> Parts() =>
        ArbMap.Default.GeneratorFor<NonNull<string>>()
            .Select(part => part.Get.Replace("\u001f", string.Empty, StringComparison.Ordinal))
            .NonEmptyListOf()
            .Select(parts => parts.ToArray())
            .ToArbitrary();
}
