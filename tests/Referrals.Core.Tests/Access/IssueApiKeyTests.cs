using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Access;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Access;

public class IssueApiKeyTests
{
    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly InMemoryApiKeyStore _keys = new();
    private readonly IssueApiKey _issue;

    public IssueApiKeyTests()
    {
        _programs.Add(Sample.Program());
        _programs.Add(Sample.Program(id: "prg_other"));
        _partners.Add(Sample.Partner());
        _issue = new IssueApiKey(_programs, _partners, _keys, new FakeTimeProvider(Sample.Now));
    }

    [Fact]
    public async Task A_partner_key_is_stored_by_the_hash_of_its_secret_with_its_scope_and_issuer()
    {
        var outcome = await _issue.ExecuteAsync(new ApiKeyDraft(ApiKeyRoles.Partner, "Ada's key", Sample.ProgramId, Sample.PartnerId), "admin", CancellationToken.None);

        var issued = Assert.IsType<IssueApiKeyOutcome.Issued>(outcome);
        var stored = await _keys.FindAsync(IssueApiKey.Hash(issued.Secret), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal((Sample.ProgramId, Sample.PartnerId, "admin"), (stored.ProgramId, stored.PartnerId, stored.IssuedBy));
    }

    [Fact]
    public async Task A_partner_of_another_program_gets_no_key()
    {
        var outcome = await _issue.ExecuteAsync(new ApiKeyDraft(ApiKeyRoles.Partner, "Ada's key", "prg_other", Sample.PartnerId), "admin", CancellationToken.None);

        Assert.IsType<IssueApiKeyOutcome.PartnerNotFound>(outcome);
        Assert.Empty(await _keys.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_shop_key_for_an_unknown_program_is_refused()
    {
        var outcome = await _issue.ExecuteAsync(new ApiKeyDraft(ApiKeyRoles.Shop, "Shop", "prg_missing"), "admin", CancellationToken.None);

        Assert.IsType<IssueApiKeyOutcome.ProgramNotFound>(outcome);
        Assert.Empty(await _keys.ListAsync(CancellationToken.None));
    }
}
