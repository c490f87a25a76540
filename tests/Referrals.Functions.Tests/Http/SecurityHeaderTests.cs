using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The headers every answer of the runner carries, whatever the function answered.</summary>
public sealed class SecurityHeaderTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_redirect_carries_the_security_headers()
    {
        var (_, code) = await _api.CreateLinkAsync();

        var answer = await _api.VisitAsync(code);

        Assert.Equal(302, answer.Status);
        AssertSecurityHeaders(answer);
    }

    [Fact]
    public async Task A_refusal_carries_the_security_headers()
    {
        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson("/api/v1/programs", new { name = "Test program" }),
            (functions, request) => functions.CreateProgramAsync(request));

        Assert.Equal(401, answer.Status);
        AssertSecurityHeaders(answer);
    }

    [Fact]
    public async Task A_management_answer_carries_the_security_headers()
    {
        var programId = await _api.CreateProgramAsync();

        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}").WithAdminKey(),
            (functions, request) => functions.GetProgramAsync(request, programId));

        Assert.Equal(200, answer.Status);
        AssertSecurityHeaders(answer);
    }

    [Fact]
    public async Task The_health_answers_carry_the_security_headers()
    {
        var answer = await app.CallAsync<HealthFunctions>(FunctionRequest.Get("/health/live"), (_, request) => Task.FromResult(HealthFunctions.Live(request)));

        Assert.Equal(200, answer.Status);
        AssertSecurityHeaders(answer);
    }

    private static void AssertSecurityHeaders(FunctionAnswer answer)
    {
        Assert.Equal("nosniff", answer.Headers.XContentTypeOptions.ToString());
        Assert.Equal("DENY", answer.Headers.XFrameOptions.ToString());
        Assert.Equal("frame-ancestors 'none'", answer.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("strict-origin-when-cross-origin", answer.Headers["Referrer-Policy"].ToString());
    }
}
