using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The group, plan-version and partner self-service functions run the host library's handlers.</summary>
public sealed class GroupAndSelfServiceFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_program_plan_change_makes_version_2_and_a_bad_plan_stores_nothing()
    {
        var programId = await _api.CreateProgramAsync();

        var changed = await app.CallAsync<GroupFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 25 }).WithAdminKey(),
            (functions, request) => functions.SetProgramPlanAsync(request, programId));
        var rows = await app.CountRowsAsync();
        var refused = await app.CallAsync<GroupFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 0 }).WithAdminKey(),
            (functions, request) => functions.SetProgramPlanAsync(request, programId));
        var listed = await app.CallAsync<GroupFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/groups").WithAdminKey(),
            (functions, request) => functions.ListGroupsAsync(request, programId));

        Assert.Equal((200, 2), (changed.Status, changed.Json.GetProperty("planVersion").GetInt32()));
        Assert.Equal((400, "application/problem+json"), (refused.Status, refused.ContentType));
        Assert.Equal(rows, await app.CountRowsAsync());
        Assert.Equal(25m, Assert.Single(listed.Json.EnumerateArray()).GetProperty("plan").GetProperty("percent").GetDecimal());
        var changes = await app.CallAsync<ResourceFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/changes").WithAdminKey(),
            (functions, request) => functions.ListChangesAsync(request, programId));
        var change = Assert.Single(changes.Json.EnumerateArray());
        Assert.Equal(("program", "plan", "admin"), (change.GetProperty("resource").GetString(), change.GetProperty("action").GetString(), change.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task A_group_is_read_through_the_function_where_its_creation_points_and_an_unknown_one_is_a_404_problem()
    {
        var programId = await _api.CreateProgramAsync();
        var created = await app.CallAsync<GroupFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "percent", percent = 30 } }).WithAdminKey(),
            (functions, request) => functions.CreateGroupAsync(request, programId));
        Assert.True(created.Status == 201, $"CreatePartnerGroup answered {created}");
        var groupId = created.Json.GetProperty("id").GetString()!;

        var read = await app.CallAsync<GroupFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/groups/{groupId}").WithAdminKey(),
            (functions, request) => functions.GetGroupAsync(request, programId, groupId));
        var missing = await app.CallAsync<GroupFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/groups/grp_nope").WithAdminKey(),
            (functions, request) => functions.GetGroupAsync(request, programId, "grp_nope"));

        Assert.Equal((200, "VIP", 1), (read.Status, read.Json.GetProperty("name").GetString(), read.Json.GetProperty("planVersion").GetInt32()));
        Assert.Equal(created.Json.GetRawText(), read.Json.GetRawText());
        Assert.Equal((404, "application/problem+json"), (missing.Status, missing.ContentType));
    }

    [Fact]
    public async Task Payout_details_set_through_the_function_are_answered_masked()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);

        var answer = await app.CallAsync<PartnerSelfServiceFunctions>(
            FunctionRequest.PutJson($"/api/v1/partners/{partnerId}/payout-details", new { method = "payPal", payPalEmail = "ada@example.com" }).WithAdminKey(),
            (functions, request) => functions.SetPayoutDetailsAsync(request, partnerId));

        Assert.Equal(200, answer.Status);
        Assert.Equal("PayPal a***@example.com", answer.Json.GetProperty("masked").GetString());
        Assert.DoesNotContain("ada@example.com", answer.Json.ToString(), StringComparison.Ordinal);
    }
}
