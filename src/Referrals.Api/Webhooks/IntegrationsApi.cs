using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Programs;
using Referrals.Core.Webhooks;
using Referrals.Api.Http;

namespace Referrals.Api.Webhooks;

/// <summary>Setting a program's webhook secrets. Secrets go in and are never returned.</summary>
public static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        api.MapPut("/programs/{programId}/integrations/{provider}", SetSecretAsync).WithName("SetIntegrationSecret").Accepts<WebhookSecretDraft>("application/json").WithTags("Webhooks");
        return api;
    }

    /// <summary>
    /// Sets (or rotates) the program's webhook secret for <c>stripe</c>, <c>paddle</c> or <c>generic</c>:
    /// <c>{"webhookSecret": "..."}</c> → 204. Stored encrypted; no endpoint returns it.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetSecretAsync(
        string programId, string provider, HttpRequest request, IProgramStore programs, IIntegrationSecrets secrets, CancellationToken cancellationToken)
    {
        if (!TryParseProvider(provider, out var parsed))
        {
            return Problems.NotFound($"There is no integration '{Problems.Shorten(provider)}'; use stripe, paddle or generic.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var body = await RequestBody.ReadAsync<WebhookSecretDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = body.Value!.Validate();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        await secrets.SetAsync(programId, parsed, body.Value.WebhookSecret!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static bool TryParseProvider(string value, out WebhookProvider provider)
    {
        provider = value switch
        {
            "stripe" => WebhookProvider.Stripe,
            "paddle" => WebhookProvider.Paddle,
            "generic" => WebhookProvider.Generic,
            _ => (WebhookProvider)(-1),
        };
        return Enum.IsDefined(provider);
    }
}
