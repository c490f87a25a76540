using Referrals.Core.Commissions;
using Referrals.Core.Links;
using Referrals.Storage.Links;
using Referrals.Storage.Partners;
using Referrals.Storage.Programs;

namespace Referrals.Storage.Tests.Programs;

public sealed class CatalogStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_program_reads_back_as_it_was_created()
    {
        var account = await azurite.CreateAccountAsync();
        var program = TestData.Program(CommissionPlan.OfPercent(12.5m));
        await new TableProgramStore(account).CreateAsync(program, default);

        // A second store has an empty cache, so this read comes from the table.
        var stored = await new TableProgramStore(account).GetAsync(program.Id, default);

        Assert.NotNull(stored);
        Assert.Equal(program.AllowedHosts, stored.AllowedHosts);
        Assert.Equal(program, stored with { AllowedHosts = program.AllowedHosts });
    }

    [Fact]
    public async Task A_flat_plan_keeps_its_amount()
    {
        var account = await azurite.CreateAccountAsync();
        var program = TestData.Program(CommissionPlan.OfFlat(1500));
        await new TableProgramStore(account).CreateAsync(program, default);

        var stored = await new TableProgramStore(account).GetAsync(program.Id, default);

        Assert.Equal(CommissionPlan.OfFlat(1500), stored!.Plan);
    }

    [Fact]
    public async Task A_plan_keeps_its_lead_rule_overrides_categories_renewal_window_and_version()
    {
        var account = await azurite.CreateAccountAsync();
        var plan = CommissionPlan.OfPercent(20) with
        {
            LeadAmount = 200,
            Overrides = [new CommissionOverride(ProductId: "pro", Percent: 30), new CommissionOverride(Category: "hardware", Amount: 500)],
            ProductCategories = new Dictionary<string, string> { ["drill"] = "hardware" },
            RecurringMonths = 6,
            SecondTierPercent = 10,
            Version = 2,
        };
        var program = TestData.Program(plan);
        await new TableProgramStore(account).CreateAsync(program, default);

        var stored = (await new TableProgramStore(account).GetAsync(program.Id, default))!.Plan;

        Assert.Equal(plan.Overrides, stored.Overrides);
        Assert.Equal(plan.ProductCategories, stored.ProductCategories);
        Assert.Equal(plan, stored with { Overrides = plan.Overrides, ProductCategories = plan.ProductCategories });
    }

    [Fact]
    public async Task An_unknown_program_is_null_and_is_found_once_created_elsewhere()
    {
        var account = await azurite.CreateAccountAsync();
        var reader = new TableProgramStore(account);
        var program = TestData.Program();

        Assert.Null(await reader.GetAsync(program.Id, default));
        await new TableProgramStore(account).CreateAsync(program, default);

        Assert.NotNull(await reader.GetAsync(program.Id, default));
    }

    [Fact]
    public async Task A_partner_reads_back_as_it_was_created()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TablePartnerStore(account);
        var partner = TestData.Partner("prg_a");
        await store.CreateAsync(partner, default);

        Assert.Equal(partner, await store.GetAsync(partner.Id, default));
        Assert.Null(await store.GetAsync("prt_missing", default));
    }

    [Fact]
    public async Task A_link_reads_back_with_its_exact_destination()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableLinkStore(account);
        var link = TestData.Link("prg_a", "prt_a");

        Assert.True(await store.TryCreateAsync(link, default));
        var stored = await store.GetAsync(link.Code, default);

        Assert.Equal(link, stored);
        Assert.Equal(link.Destination.OriginalString, stored!.Destination.OriginalString);
    }

    [Fact]
    public async Task A_taken_link_code_is_refused_and_the_first_link_stays()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableLinkStore(account);
        var first = TestData.Link("prg_a", "prt_a");
        await store.TryCreateAsync(first, default);

        var created = await store.TryCreateAsync(TestData.Link("prg_b", "prt_b", first.Code), default);

        Assert.False(created);
        Assert.Equal("prt_a", (await store.GetAsync(first.Code, default))!.PartnerId);
    }

    [Fact]
    public async Task Link_codes_differing_only_in_case_are_different_links()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableLinkStore(account);

        Assert.True(await store.TryCreateAsync(TestData.Link("prg_a", "prt_a", "AbCd1234"), default));
        Assert.True(await store.TryCreateAsync(TestData.Link("prg_a", "prt_b", "abcd1234"), default));

        Assert.Equal("prt_b", (await store.GetAsync("abcd1234", default))!.PartnerId);
    }

    [Fact]
    public async Task A_referral_code_is_unique_per_program_regardless_of_case()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableReferralCodeStore(account);
        var code = new ReferralCode("prg_a", "Spring-Sale", "prt_a", 10, TestData.Now);

        Assert.True(await store.TryCreateAsync(code, default));
        Assert.False(await store.TryCreateAsync(code with { Code = "SPRING-sale", PartnerId = "prt_b" }, default));
        Assert.True(await store.TryCreateAsync(code with { ProgramId = "prg_b" }, default));

        Assert.Equal(code, await store.GetAsync("prg_a", " spring-SALE ", default));
    }

    [Fact]
    public async Task An_unknown_or_malformed_referral_code_is_null()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableReferralCodeStore(account);

        Assert.Null(await store.GetAsync("prg_a", "NOPE", default));
        Assert.Null(await store.GetAsync("prg_a", "a/b#c?", default));
    }
}
