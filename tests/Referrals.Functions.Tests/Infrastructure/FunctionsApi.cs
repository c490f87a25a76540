using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Access;
using Referrals.Functions.Http;

namespace Referrals.Functions.Tests.Infrastructure;

/// <summary>The calls a test makes to set up a program, as a shop's admin would make them: through the functions, with the admin key.</summary>
public sealed class FunctionsApi(FunctionsApp app)
{
    public const string Destination = "https://shop.example.com/pricing";

    public async Task<string> CreateProgramAsync()
    {
        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson("/api/v1/programs", new
            {
                name = "Test program",
                currency = "EUR",
                allowedHosts = new[] { "shop.example.com" },
                cookieDays = 30,
                plan = new { kind = "percent", percent = 20 },
            }).WithAdminKey(),
            (functions, request) => functions.CreateProgramAsync(request));
        Assert.True(answer.Status == 201, $"CreateProgram answered {answer}");
        return answer.Json.GetProperty("id").GetString()!;
    }

    public async Task<string> AddPartnerAsync(string programId)
    {
        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/partners", new { name = "Ada", email = "ada@example.com", type = "affiliate" }).WithAdminKey(),
            (functions, request) => functions.AddPartnerAsync(request, programId));
        Assert.True(answer.Status == 201, $"AddPartner answered {answer}");
        return answer.Json.GetProperty("id").GetString()!;
    }

    public async Task<string> CreateLinkAsync(string programId, string partnerId)
    {
        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/links", new { partnerId, destination = Destination }).WithAdminKey(),
            (functions, request) => functions.CreateLinkAsync(request, programId));
        Assert.True(answer.Status == 201, $"CreateLink answered {answer}");
        return answer.Json.GetProperty("code").GetString()!;
    }

    /// <summary>A program with one partner and one link; returns the program id and the link's code.</summary>
    public async Task<(string ProgramId, string Code)> CreateLinkAsync()
    {
        var programId = await CreateProgramAsync();
        var partnerId = await AddPartnerAsync(programId);
        return (programId, await CreateLinkAsync(programId, partnerId));
    }

    /// <summary>A browser's visit of <c>/r/{code}</c> through the Functions host (a loopback peer) for the visitor(s) in <paramref name="forwardedFor"/>.</summary>
    public Task<FunctionAnswer> VisitAsync(string code, string? forwardedFor = "203.0.113.7") =>
        app.CallAsync<TrackingFunctions>(
            FunctionRequest.Get($"/r/{code}") with { UserAgent = FunctionsApp.BrowserUserAgent, ForwardedFor = forwardedFor },
            (functions, request) => functions.RedirectAsync(request, code));

    /// <summary>The <c>ref_click</c> a redirect added to the destination.</summary>
    public static string ClickIdOf(FunctionAnswer redirect)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        Assert.True(redirect.Status == 302, $"The redirect answered {redirect}");
        var location = new Uri(redirect.Headers.Location.ToString());
        return System.Web.HttpUtility.ParseQueryString(location.Query)["ref_click"]!;
    }

    public Task<FunctionAnswer> GetClickAsync(string clickId) =>
        app.CallAsync<TrackingFunctions>(
            FunctionRequest.Get($"/api/v1/clicks/{clickId}").WithAdminKey(),
            (functions, request) => functions.GetClickAsync(request, clickId));

    /// <summary>Issues a key of <paramref name="role"/> (bound to <paramref name="programId"/> if given), as an admin would, and returns its secret.</summary>
    public async Task<string> IssueKeyAsync(string role, string? programId = null)
    {
        var outcome = await app.Services.GetRequiredService<IssueApiKey>()
            .ExecuteAsync(new ApiKeyDraft(role, $"Test {role} key", programId), "admin", CancellationToken.None);
        return Assert.IsType<IssueApiKeyOutcome.Issued>(outcome).Secret;
    }
}
