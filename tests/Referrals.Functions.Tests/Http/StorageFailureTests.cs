using System.Diagnostics;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>When storage does not answer, a function answers 503 with Retry-After, so its caller retries.</summary>
public sealed class StorageFailureTests(UnreachableStorageApp app) : IClassFixture<UnreachableStorageApp>
{
    [Fact]
    public async Task A_read_whose_storage_does_not_answer_is_answered_503_with_Retry_After()
    {
        var clock = Stopwatch.StartNew();

        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get("/api/v1/programs/prg_any").WithAdminKey(),
            (functions, request) => functions.GetProgramAsync(request, "prg_any"));

        Assert.Equal(503, answer.Status);
        Assert.Equal("1", answer.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(503, answer.Json.GetProperty("status").GetInt32());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The answer took {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_conversion_whose_storage_does_not_answer_is_not_acknowledged()
    {
        var answer = await app.CallAsync<ConversionFunctions>(
            FunctionRequest.PostJson("/api/v1/programs/prg_any/conversions", new { eventId = "evt_1", type = "sale", amount = 4900, currency = "EUR", customerId = "cus_1" }).WithAdminKey(),
            (functions, request) => functions.RecordAsync(request, "prg_any"));

        Assert.Equal(503, answer.Status);
        Assert.Equal("1", answer.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
    }
}
