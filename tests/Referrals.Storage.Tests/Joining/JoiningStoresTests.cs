using Referrals.Core;
using Referrals.Core.Joining;
using Referrals.Storage.Joining;

namespace Referrals.Storage.Tests.Joining;

/// <summary>The joining tables on Azurite: applications, terms versions, agreements and slugs.</summary>
public sealed class JoiningStoresTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_application_is_stored_once_per_email_and_program_and_reads_back_whole()
    {
        var applications = new TableApplicationStore(await azurite.CreateAccountAsync());
        var first = Application("prg_a", "Grace", TestData.Now);

        Assert.True(await applications.TryCreateAsync(first, "grace@example.com", default));
        Assert.False(await applications.TryCreateAsync(Application("prg_a", "Grace again", TestData.Now.AddMinutes(1)), "grace@example.com", default));
        Assert.True(await applications.TryCreateAsync(Application("prg_b", "Grace", TestData.Now), "grace@example.com", default));

        Assert.Equal(first, await applications.GetAsync("prg_a", first.Id, default));
        Assert.Null(await applications.GetAsync("prg_a", "app_nope", default));
        Assert.Equal(["Grace"], (await applications.ListAsync("prg_a", null, 10, default)).Select(application => application.Name));
    }

    [Fact]
    public async Task An_application_is_decided_once_even_when_two_decisions_race()
    {
        var applications = new TableApplicationStore(await azurite.CreateAccountAsync());
        var pending = Application("prg_a", "Linus", TestData.Now);
        await applications.TryCreateAsync(pending, "linus@example.com", default);
        var approve = pending with { Status = ApplicationStatus.Approved, DecidedBy = "admin", DecidedAt = TestData.Now.AddHours(1), PartnerId = pending.PartnerIdOnApproval };
        var reject = pending with { Status = ApplicationStatus.Rejected, DecidedBy = "other", Reason = "not a fit", DecidedAt = TestData.Now.AddHours(1) };

        var decided = await Task.WhenAll(applications.TryDecideAsync(approve, default), applications.TryDecideAsync(reject, default));

        Assert.Single(decided, won => won);
        var stored = await applications.GetAsync("prg_a", pending.Id, default);
        Assert.Contains(stored, new[] { approve, reject });
        Assert.False(await applications.TryDecideAsync(approve, default));
        Assert.False(await applications.TryDecideAsync(Application("prg_a", "Nobody", TestData.Now) with { Status = ApplicationStatus.Approved }, default));
    }

    [Fact]
    public async Task Applications_are_listed_by_status_oldest_first_and_at_most_the_limit()
    {
        var applications = new TableApplicationStore(await azurite.CreateAccountAsync());
        var submitted = Enumerable.Range(0, 5).Select(i => Application("prg_a", $"Person {i}", TestData.Now.AddMinutes(i))).ToArray();
        foreach (var application in submitted)
        {
            await applications.TryCreateAsync(application, $"{application.Name.Replace(' ', '.')}@example.com", default);
        }

        await applications.TryDecideAsync(submitted[1] with { Status = ApplicationStatus.Rejected, DecidedBy = "admin", DecidedAt = TestData.Now.AddHours(1) }, default);
        await applications.TryDecideAsync(submitted[3] with { Status = ApplicationStatus.Approved, DecidedBy = "admin", DecidedAt = TestData.Now.AddHours(1) }, default);

        Assert.Equal(["Person 0", "Person 2", "Person 4"], (await applications.ListAsync("prg_a", ApplicationStatus.Pending, 10, default)).Select(application => application.Name));
        Assert.Equal(["Person 0", "Person 2"], (await applications.ListAsync("prg_a", ApplicationStatus.Pending, 2, default)).Select(application => application.Name));
        Assert.Equal(["Person 1"], (await applications.ListAsync("prg_a", ApplicationStatus.Rejected, 10, default)).Select(application => application.Name));
        Assert.Equal(5, (await applications.ListAsync("prg_a", null, 10, default)).Count);
        Assert.Empty(await applications.ListAsync("prg_other", ApplicationStatus.Pending, 10, default));
    }

    [Fact]
    public async Task Terms_versions_are_taken_once_and_the_newest_is_current()
    {
        var terms = new TableTermsStore(await azurite.CreateAccountAsync());
        var first = ProgramTerms.Create("prg_a", 1, "Promote honestly.", TestData.Now);
        var second = ProgramTerms.Create("prg_a", 2, "Promote honestly.\nNo brand bidding.", TestData.Now.AddDays(1));

        Assert.Null(await terms.GetCurrentAsync("prg_a", default));
        Assert.True(await terms.TryAddAsync(first, default));
        Assert.False(await terms.TryAddAsync(first with { Text = "Something else" }, default));
        Assert.True(await terms.TryAddAsync(second, default));

        Assert.Equal(second, await terms.GetCurrentAsync("prg_a", default));
        Assert.Null(await terms.GetCurrentAsync("prg_b", default));
    }

    [Fact]
    public async Task An_agreement_keeps_its_first_record_per_version_and_the_newest_version_is_the_partners()
    {
        var agreements = new TableAgreementStore(await azurite.CreateAccountAsync());
        var v1 = new Agreement(1, ProgramTerms.HashOf("one"), TestData.Now, "hash-1");
        var v2 = new Agreement(2, ProgramTerms.HashOf("two"), TestData.Now.AddDays(1), "hash-2");

        await agreements.RecordAsync("prg_a", "prt_ada", v1, default);
        await agreements.RecordAsync("prg_a", "prt_ada", v2, default);
        await agreements.RecordAsync("prg_a", "prt_ada", v1 with { AcceptedAt = TestData.Now.AddDays(2), AddressHash = "later" }, default);
        await agreements.RecordAsync("prg_a", "prt_bob", v1, default);

        Assert.Equal(v2, await agreements.GetLatestAsync("prg_a", "prt_ada", default));
        Assert.Null(await agreements.GetLatestAsync("prg_a", "prt_nobody", default));
        var latest = await agreements.ListLatestAsync("prg_a", default);
        Assert.Equal((2, v2, v1), (latest.Count, latest["prt_ada"], latest["prt_bob"]));
        Assert.Empty(await agreements.ListLatestAsync("prg_b", default));
    }

    [Fact]
    public async Task A_slug_belongs_to_one_program_and_a_rename_frees_the_old_one()
    {
        var slugs = new TableProgramSlugStore(await azurite.CreateAccountAsync());

        Assert.True(await slugs.TrySetAsync("prg_a", "acme", default));
        Assert.False(await slugs.TrySetAsync("prg_b", "acme", default));
        Assert.Null(await slugs.GetSlugAsync("prg_b", default));
        Assert.True(await slugs.TrySetAsync("prg_a", "acme-partners", default));

        Assert.Equal("acme-partners", await slugs.GetSlugAsync("prg_a", default));
        Assert.Equal("prg_a", await slugs.FindProgramAsync("acme-partners", default));
        Assert.Null(await slugs.FindProgramAsync("acme", default));
        Assert.True(await slugs.TrySetAsync("prg_b", "acme", default));
        Assert.Equal("prg_b", await slugs.FindProgramAsync("acme", default));
    }

    [Fact]
    public async Task Two_programs_racing_for_one_slug_leave_it_with_exactly_one()
    {
        var slugs = new TableProgramSlugStore(await azurite.CreateAccountAsync());

        var taken = await Task.WhenAll(slugs.TrySetAsync("prg_a", "shared", default), slugs.TrySetAsync("prg_b", "shared", default));

        Assert.Single(taken, won => won);
        var owner = await slugs.FindProgramAsync("shared", default);
        Assert.Equal("shared", await slugs.GetSlugAsync(owner!, default));
        Assert.Null(await slugs.GetSlugAsync(owner == "prg_a" ? "prg_b" : "prg_a", default));
    }

    private static Application Application(string programId, string name, DateTimeOffset submittedAt) => new(
        Identifiers.New("app"), programId, name, $"{name.Replace(' ', '.').ToLowerInvariant()}@example.com", "https://blog.example.com", "DE", "I write about shoes.",
        1, ProgramTerms.HashOf("terms"), "address-hash", submittedAt);
}
