using Referrals.Core.Access;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The API key check every management function runs before its handler, with the roles of <c>EndpointRoles</c>.</summary>
public sealed class AccessTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_call_without_a_key_is_answered_401_with_a_problem()
    {
        var programId = await _api.CreateProgramAsync();

        var answer = await GetProgramAsync(programId, apiKey: null);

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(401, answer.Json.GetProperty("status").GetInt32());
        Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_key_that_was_never_issued_is_answered_401()
    {
        var programId = await _api.CreateProgramAsync();

        var answer = await GetProgramAsync(programId, apiKey: "rk_never-issued-0123456789");

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task A_shop_key_is_refused_an_admin_only_function_with_403()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var shopKey = await _api.IssueKeyAsync(ApiKeyRoles.Shop, programId);

        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/links", new { partnerId, destination = FunctionsApi.Destination }) with { ApiKey = shopKey },
            (functions, request) => functions.CreateLinkAsync(request, programId));

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task A_shop_key_of_another_program_is_refused_with_403()
    {
        var programId = await _api.CreateProgramAsync();
        var otherShopKey = await _api.IssueKeyAsync(ApiKeyRoles.Shop, await _api.CreateProgramAsync());

        var answer = await GetProgramAsync(programId, otherShopKey);

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task A_shop_key_reads_its_own_program()
    {
        var programId = await _api.CreateProgramAsync();
        var shopKey = await _api.IssueKeyAsync(ApiKeyRoles.Shop, programId);

        var answer = await GetProgramAsync(programId, shopKey);

        Assert.True(answer.Status == 200, $"GetProgram answered {answer}");
        Assert.Equal(programId, answer.Json.GetProperty("id").GetString());
    }

    private Task<FunctionAnswer> GetProgramAsync(string programId, string? apiKey) =>
        app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}") with { ApiKey = apiKey },
            (functions, request) => functions.GetProgramAsync(request, programId));
}
