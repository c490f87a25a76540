using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Server.Http;

/// <summary>
/// The OpenAPI description at <c>/openapi/v1.json</c> and its browsable UI at <c>/docs</c>. Summaries
/// come from the handlers' XML docs (the OpenAPI generator reads the host library's documentation file); the answers every endpoint can give besides its own (a refused key,
/// a missing resource, a spent rate limit, storage down) are added here once, as problem details, so no
/// endpoint's description forgets them.
/// </summary>
internal static class ApiDescription
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string UiPath = "/docs";
    private const string BearerScheme = "Bearer";
    private const string ProblemSchema = "ProblemDetails";
    private const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Referral pipeline",
                    Version = "v1",
                    Description = "Programs, partners, links and codes; conversions and webhooks; commissions, stats and payout runs. "
                        + "JSON is camelCase, money is `amount` in integer minor units with an ISO 4217 `currency`, times are ISO 8601 UTC. "
                        + "Every refused request is answered with `application/problem+json`.",
                    // The first line of the repository's LICENSE file, and its SPDX identifier.
                    License = new OpenApiLicense { Name = "MIT License", Identifier = "MIT" },
                };
                DescribeTags(document);
                var publicBaseUrl = context.ApplicationServices.GetRequiredService<IOptions<ReferralsOptions>>().Value.PublicBaseUrl;
                if (!string.IsNullOrWhiteSpace(publicBaseUrl))
                {
                    // Behind a proxy the address this request came to is not the one clients call.
                    document.Servers = [new OpenApiServer { Url = publicBaseUrl }];
                }

                foreach (var server in document.Servers ?? [])
                {
                    // Paths start with '/', so a base URL ending in one would double it (and the lint refuses it).
                    server.Url = server.Url?.TrimEnd('/');
                }

                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key: `Authorization: Bearer <key>`. The first admin key is the setting `Referrals:AdminApiKey`; `POST /api/v1/keys` issues more.",
                };
                DescribeHealth(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeCommonAnswersAsync);
            options.AddDocumentTransformer(WebhookEventsDescription.DescribeAsync);
        });

    public static WebApplication MapApiDescription(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();

        // The UI's script is served from the package itself (BundleUrl is relative): nothing comes from a CDN.
        app.MapScalarApiReference(UiPath, options => options
                .WithTitle("Referral pipeline API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return app;
    }

    /// <summary>Every tag the operations use, with its description from <see cref="ApiTags"/>.</summary>
    private static void DescribeTags(OpenApiDocument document)
    {
        var used = (document.Paths ?? [])
            .SelectMany(path => path.Value.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            .SelectMany(operation => operation.Value.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Append("Health")
            .ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(
            used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag { Name = name, Description = ApiTags.Descriptions.GetValueOrDefault(name) }));
    }

    /// <summary>Health checks are not route handlers, so the generator does not see them; they are part of the contract all the same.</summary>
    private static void DescribeHealth(OpenApiDocument document)
    {
        document.Paths ??= [];
        foreach (var (path, name, summary) in new[]
                 {
                     ("/health/live", "GetLiveness", "Liveness: 200 while the process serves requests."),
                     ("/health/ready", "GetReadiness", "Readiness: 200 when storage is reachable, 503 when it is not."),
                 })
        {
            var operation = new OpenApiOperation
            {
                OperationId = name,
                Summary = summary,
                Security = [],
                Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "Healthy", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } } },
                    ["503"] = new OpenApiResponse { Description = "Unhealthy", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } } },
                },
            };
            document.Paths[path] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
        }
    }

    private static async Task DescribeCommonAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        if (document is not null && document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
        {
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken));
        }

        operation.Responses ??= [];
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authorized)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            AddProblem(operation, document, StatusCodes.Status401Unauthorized, "No key, or a key that is not valid.");
            AddProblem(operation, document, StatusCodes.Status403Forbidden, "The key's role may not do this.");
        }
        else
        {
            // Explicitly public: an empty list says "no key", where a missing one would leave it unsaid.
            operation.Security = [];
        }

        var method = context.Description.HttpMethod ?? "GET";
        if (!HttpMethods.IsGet(method) || context.Description.ParameterDescriptions.Any(parameter => parameter.Source.Id == "Query"))
        {
            AddProblem(operation, document, StatusCodes.Status400BadRequest, "The request is malformed or has invalid fields.");
        }

        if (context.Description.ParameterDescriptions.Any(parameter => parameter.Source.Id == "Path"))
        {
            AddProblem(operation, document, StatusCodes.Status404NotFound, "What the path names does not exist.");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any() || metadata.OfType<PublicRateLimitMetadata>().Any())
        {
            AddProblem(operation, document, StatusCodes.Status429TooManyRequests, "This client address sent too many requests; retry after `Retry-After` seconds. Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.");
        }

        if (metadata.OfType<IdempotentCreateMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotentCreates.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A key of your choosing (a UUID) that makes a retry safe: the same key within 24 hours answers the first answer again and creates nothing; with a different body it is a 422 problem.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotentCreates.MaxKeyLength },
            });
            DescribeProblem(operation, document, StatusCodes.Status409Conflict, "A request with the same `Idempotency-Key` is still being answered.");
            AddProblem(operation, document, StatusCodes.Status422UnprocessableEntity, "The `Idempotency-Key` was used for a different request.");
        }

        if (metadata.OfType<ArchivedProgramRefusal>().Any())
        {
            DescribeProblem(operation, document, StatusCodes.Status409Conflict, ArchivedProgramRefusal.Description);
        }

        AddProblem(operation, document, StatusCodes.Status503ServiceUnavailable, "Storage is unavailable; nothing was acknowledged. Retry after `Retry-After` seconds.");
    }

    /// <summary>
    /// Adds a problem answer, or adds <paramref name="description"/> to the one the endpoint declared (whose
    /// generated description is only the status's name), so each cause of a status is named.
    /// </summary>
    private static void DescribeProblem(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse response)
        {
            var generic = string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrases.GetReasonPhrase(status);
            response.Description = generic ? description : $"{response.Description} Or: {description}";
            return;
        }

        AddProblem(operation, document, status, description);
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }
}
