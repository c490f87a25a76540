using Referrals.Core.Access;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>Conversions a shop reports server to server, with its event id as the idempotency key.</summary>
public sealed class ConversionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_conversion_reported_twice_is_accepted_once_then_answered_200_with_the_same_id()
    {
        var programId = await _api.CreateProgramAsync();
        var shopKey = await _api.IssueKeyAsync(ApiKeyRoles.Shop, programId);

        var first = await RecordSaleAsync(programId, shopKey, "evt_twice");
        var second = await RecordSaleAsync(programId, shopKey, "evt_twice");

        Assert.True(first.Status == 202, $"The first report answered {first}");
        Assert.True(second.Status == 200, $"The second report answered {second}");
        var conversionId = first.Json.GetProperty("conversionId").GetString();
        Assert.False(string.IsNullOrEmpty(conversionId));
        Assert.Equal(conversionId, second.Json.GetProperty("conversionId").GetString());
        Assert.Equal($"/api/v1/programs/{programId}/conversions/{conversionId}", first.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_reported_conversion_can_be_read_back()
    {
        var programId = await _api.CreateProgramAsync();
        var conversionId = (await RecordSaleAsync(programId, FunctionsApp.AdminKey, "evt_read")).Json.GetProperty("conversionId").GetString()!;

        var answer = await app.CallAsync<ConversionFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/conversions/{conversionId}").WithAdminKey(),
            (functions, request) => functions.GetAsync(request, programId, conversionId));

        Assert.True(answer.Status == 200, $"GetConversion answered {answer}");
        Assert.Equal(conversionId, answer.Json.GetProperty("id").GetString());
    }

    private Task<FunctionAnswer> RecordSaleAsync(string programId, string apiKey, string eventId) =>
        app.CallAsync<ConversionFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/conversions", new { eventId, type = "sale", amount = 4900, currency = "EUR", customerId = "cus_1" }) with { ApiKey = apiKey },
            (functions, request) => functions.RecordAsync(request, programId));
}
