using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>Lists, changes, retirement and idempotency keys through the Functions app: the same handlers as the server's.</summary>
public sealed class ResourceFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task Partners_are_filtered_by_status_and_paged_with_a_next_link()
    {
        var programId = await _api.CreateProgramAsync();
        var partners = new[] { await _api.AddPartnerAsync(programId), await _api.AddPartnerAsync(programId), await _api.AddPartnerAsync(programId) };

        var first = await ListPartnersAsync(programId, $"?status=active&limit=2");
        var next = System.Text.RegularExpressions.Regex.Match(first.Headers.Link.ToString(), "^<[^?]+(\\?[^>]+)>; rel=\"next\"$").Groups[1].Value;
        var second = await ListPartnersAsync(programId, next);

        Assert.True(first.Status == 200, $"ListPartners answered {first}");
        Assert.Equal(2, first.Json.GetArrayLength());
        Assert.Contains("status=active", next, StringComparison.Ordinal);
        var listed = first.Json.EnumerateArray().Concat(second.Json.EnumerateArray()).Select(partner => partner.GetProperty("id").GetString());
        Assert.Equal(partners.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Partners_are_filtered_by_group_and_an_unknown_group_is_a_400()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);

        var defaults = await ListPartnersAsync(programId, "?group=default");
        var unknown = await ListPartnersAsync(programId, "?group=grp_nosuch");

        Assert.True(defaults.Status == 200, $"ListPartners answered {defaults}");
        Assert.Equal(partnerId, Assert.Single(defaults.Json.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(400, unknown.Status);
    }

    [Fact]
    public async Task A_link_with_a_changed_destination_then_retired_answers_410()
    {
        var (programId, code) = await _api.CreateLinkAsync();

        var patch = await app.CallAsync<ResourceFunctions>(
            new FunctionRequest("PATCH", $"/api/v1/programs/{programId}/links/{code}") { Body = """{"destination":"https://shop.example.com/new"}""", ContentType = "application/merge-patch+json" }.WithAdminKey(),
            (functions, request) => functions.UpdateLinkAsync(request, programId, code));
        var moved = await _api.VisitAsync(code);
        var retire = await app.CallAsync<ResourceFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/links/{code}/retire", new { }).WithAdminKey(),
            (functions, request) => functions.RetireLinkAsync(request, programId, code));
        var gone = await _api.VisitAsync(code);

        Assert.True(patch.Status == 200, $"UpdateLink answered {patch}");
        Assert.StartsWith("https://shop.example.com/new?ref_click=", moved.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.True(retire.Status == 200, $"RetireLink answered {retire}");
        Assert.Equal(410, gone.Status);
        Assert.Equal(string.Empty, gone.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_referral_code_is_read_with_its_partner_status_and_discount_and_an_unknown_one_is_a_404()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var created = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Spring10", discountPercent = 10 }).WithAdminKey(),
            (functions, request) => functions.CreateReferralCodeAsync(request, programId));

        var found = await GetCodeAsync(programId, "spring10");
        var unknown = await GetCodeAsync(programId, "NOSUCHCODE");

        Assert.True(created.Status == 201, $"CreateReferralCode answered {created}");
        Assert.True(found.Status == 200, $"GetReferralCode answered {found}");
        Assert.Equal("Spring10", found.Json.GetProperty("code").GetString());
        Assert.Equal(partnerId, found.Json.GetProperty("partnerId").GetString());
        Assert.Equal("active", found.Json.GetProperty("status").GetString());
        Assert.Equal(10, found.Json.GetProperty("discountPercent").GetInt32());
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task An_archived_program_refuses_a_new_partner_with_a_program_archived_problem()
    {
        var programId = await _api.CreateProgramAsync();
        var archive = await app.CallAsync<ResourceFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/archive", new { }).WithAdminKey(),
            (functions, request) => functions.ArchiveProgramAsync(request, programId));

        var refused = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/partners", new { name = "Grace", email = "grace@example.com", type = "affiliate" }).WithAdminKey(),
            (functions, request) => functions.AddPartnerAsync(request, programId));
        var listed = await ListPartnersAsync(programId, string.Empty);

        Assert.True(archive.Status == 200, $"ArchiveProgram answered {archive}");
        Assert.True(refused.Status == 409, $"AddPartner answered {refused}");
        Assert.Equal(Referrals.Api.Http.Problems.ProgramArchivedType, refused.Json.GetProperty("type").GetString());
        Assert.Equal(0, listed.Json.GetArrayLength());
    }

    [Fact]
    public async Task A_create_retried_with_its_idempotency_key_creates_one_program()
    {
        var create = FunctionRequest.PostJson("/api/v1/programs", new
        {
            name = "Retried",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
        }).WithAdminKey() with { Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() } };

        var first = await app.CallAsync<ProgramFunctions>(create, (functions, request) => functions.CreateProgramAsync(request));
        var retry = await app.CallAsync<ProgramFunctions>(create, (functions, request) => functions.CreateProgramAsync(request));

        Assert.True(first.Status == 201, $"CreateProgram answered {first}");
        Assert.Equal(201, retry.Status);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"].ToString());
    }

    private Task<FunctionAnswer> GetCodeAsync(string programId, string code) =>
        app.CallAsync<ResourceFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/codes/{code}").WithAdminKey(),
            (functions, request) => functions.GetReferralCodeAsync(request, programId, code));

    private Task<FunctionAnswer> ListPartnersAsync(string programId, string query) =>
        app.CallAsync<ResourceFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/partners{query}").WithAdminKey(),
            (functions, request) => functions.ListPartnersAsync(request, programId));
}
