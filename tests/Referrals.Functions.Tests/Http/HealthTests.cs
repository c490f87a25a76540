using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>Liveness answers while the process serves; readiness follows storage.</summary>
public sealed class HealthTests(FunctionsApp app, UnreachableStorageApp unreachable) : IClassFixture<FunctionsApp>, IClassFixture<UnreachableStorageApp>
{
    [Fact]
    public async Task Live_answers_200()
    {
        var answer = await app.CallAsync<HealthFunctions>(FunctionRequest.Get("/health/live"), (_, request) => Task.FromResult(HealthFunctions.Live(request)));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Healthy", answer.Body);
    }

    [Fact]
    public async Task Ready_answers_200_when_storage_answers()
    {
        var answer = await app.CallAsync<HealthFunctions>(FunctionRequest.Get("/health/ready"), (functions, request) => functions.ReadyAsync(request));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Healthy", answer.Body);
    }

    [Fact]
    public async Task Ready_answers_503_when_storage_does_not_answer()
    {
        var answer = await unreachable.CallAsync<HealthFunctions>(FunctionRequest.Get("/health/ready"), (functions, request) => functions.ReadyAsync(request));

        Assert.Equal(503, answer.Status);
        Assert.Equal("Unhealthy", answer.Body);
    }
}
