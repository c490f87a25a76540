using System.Text;
using System.Text.Json;
using Referrals.Core.Webhooks;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>A shop's own webhook, where the signature over the raw body is the authentication.</summary>
public sealed class WebhookTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private const string Secret = "generic-shop-secret-0123456789abcdef";

    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_refused_and_nothing_is_stored()
    {
        var programId = await ProgramWithGenericSecretAsync();
        var before = await app.CountRowsAsync();

        var answer = await SendAsync(programId, "evt_forged", "a-secret-the-shop-never-set-0123456789");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_webhook_signed_with_the_programs_secret_is_recorded()
    {
        var programId = await ProgramWithGenericSecretAsync();

        var answer = await SendAsync(programId, "evt_signed", Secret);

        Assert.True(answer.Status == 200, $"The webhook answered {answer}");
        Assert.Equal("recorded", answer.Json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("conversionId").GetString()));
    }

    private async Task<string> ProgramWithGenericSecretAsync()
    {
        var programId = await _api.CreateProgramAsync();
        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/integrations/generic", new { webhookSecret = Secret }).WithAdminKey(),
            (functions, request) => functions.SetIntegrationSecretAsync(request, programId, "generic"));
        Assert.True(answer.Status == 204, $"SetIntegrationSecret answered {answer}");
        return programId;
    }

    private Task<FunctionAnswer> SendAsync(string programId, string eventId, string signingSecret)
    {
        var body = JsonSerializer.Serialize(new { eventId, type = "sale", amount = 4900, currency = "EUR", customerId = "cus_1" });
        var signature = WebhookSignature.CreateHeader(WebhookProvider.Generic, Encoding.UTF8.GetBytes(body), signingSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return app.CallAsync<WebhookFunctions>(
            FunctionRequest.Post($"/webhooks/generic/{programId}", body) with
            {
                Headers = new Dictionary<string, string> { [WebhookSignature.HeaderName(WebhookProvider.Generic)] = signature },
                ForwardedFor = "198.51.100.20",
            },
            (functions, request) => functions.GenericAsync(request, programId));
    }
}
