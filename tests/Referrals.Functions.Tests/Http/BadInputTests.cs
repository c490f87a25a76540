using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>Bodies that are not what a function reads: refused with a problem, before anything is stored.</summary>
public sealed class BadInputTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_program_sent_as_malformed_json_is_answered_400_and_nothing_is_stored()
    {
        var before = await app.CountRowsAsync();

        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Post("/api/v1/programs", """{"name": "Test program", "currency": "EUR", """).WithAdminKey(),
            (functions, request) => functions.CreateProgramAsync(request));

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_conversion_sent_as_malformed_json_is_answered_400_and_nothing_is_stored()
    {
        var programId = await _api.CreateProgramAsync();
        var before = await app.CountRowsAsync();

        var answer = await app.CallAsync<ConversionFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/conversions", """{"eventId": "evt_1", "amount": 1000,""").WithAdminKey(),
            (functions, request) => functions.RecordAsync(request, programId));

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(before, await app.CountRowsAsync());
    }
}
