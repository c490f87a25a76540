using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Referrals.Core.OutboundWebhooks;

namespace Referrals.Server.Http;

/// <summary>
/// The OpenAPI <c>webhooks</c> section: one entry per event type a shop can subscribe to (and <c>ping</c>),
/// each a POST the shop's endpoint receives, with the Standard Webhooks headers, the body's schema and an example.
/// </summary>
internal static class WebhookEventsDescription
{
    private static readonly (string Type, Type Data, string Summary, string Example)[] Events =
    [
        (WebhookEventTypes.PartnerApplied, typeof(PartnerEventData), "Someone applied to the program on its public page.",
            """{"applicationId":"app_5h","partnerId":null,"name":"Grace Hopper","email":"grace@example.com","website":"https://grace.example","country":"US","status":"pending","termsVersion":1,"submittedAt":"2025-03-14T12:00:00Z","decidedAt":null}"""),
        (WebhookEventTypes.PartnerApproved, typeof(PartnerEventData), "An application was approved: the partner exists and is active.",
            """{"applicationId":"app_5h","partnerId":"prt_8c","name":"Grace Hopper","email":"grace@example.com","website":"https://grace.example","country":"US","status":"approved","termsVersion":1,"submittedAt":"2025-03-14T12:00:00Z","decidedAt":"2025-03-15T09:00:00Z"}"""),
        (WebhookEventTypes.ConversionAttributed, typeof(ConversionEventData), "A conversion was credited to a partner.",
            """{"id":"cv_3kq","programId":"prg_7f2","type":"sale","amount":4999,"currency":"EUR","customerId":"cus_1","occurredAt":"2025-03-14T12:00:00Z","attribution":{"method":"click","partnerId":"prt_ada","clickId":"c1","reason":"Click within the 30-day window.","decidedAt":"2025-03-14T12:00:01Z"},"commissionId":"cm_9x"}"""),
        (WebhookEventTypes.ConversionUnattributed, typeof(ConversionEventData), "A conversion was credited to nobody; the attribution says why.",
            """{"id":"cv_3kr","programId":"prg_7f2","type":"sale","amount":4999,"currency":"EUR","customerId":"cus_2","occurredAt":"2025-03-14T12:00:00Z","attribution":{"method":"unattributed","partnerId":null,"clickId":null,"reason":"No click id, referral code, customer lock or registered lead.","decidedAt":"2025-03-14T12:00:01Z"},"commissionId":null}"""),
        (WebhookEventTypes.CommissionCreated, typeof(CommissionEventData), "A commission was earned.",
            """{"id":"cm_9x","programId":"prg_7f2","partnerId":"prt_ada","conversionId":"cv_3kq","status":"pending","amount":1000,"currency":"EUR","baseAmount":4999,"rule":"percent","rate":20,"explanation":"20% of 49.99 EUR = 10.00 EUR.","createdAt":"2025-03-14T12:00:01Z","planVersion":1,"adjusts":null}"""),
        (WebhookEventTypes.CommissionFlagged, typeof(CommissionEventData), "A fraud check held a commission for review.",
            """{"id":"cm_9y","programId":"prg_7f2","partnerId":"prt_ada","conversionId":"cv_3ks","status":"flagged","amount":1000,"currency":"EUR","baseAmount":4999,"rule":"percent","rate":20,"explanation":"20% of 49.99 EUR = 10.00 EUR.","createdAt":"2025-03-14T12:00:01Z","planVersion":1,"adjusts":null}"""),
        (WebhookEventTypes.CommissionReversed, typeof(CommissionEventData), "A refund or chargeback took back (part of) a commission.",
            """{"id":"cm_9z","programId":"prg_7f2","partnerId":"prt_ada","conversionId":"cv_3kt","status":"pending","amount":-500,"currency":"EUR","baseAmount":-2500,"rule":"percent","rate":20,"explanation":"Refund of 25.00 EUR of 49.99 EUR: -5.00 EUR.","createdAt":"2025-03-20T08:00:00Z","planVersion":1,"adjusts":"cm_9x"}"""),
        (WebhookEventTypes.PayoutRunAwaitingDecision, typeof(PayoutRunEventData), "A payout run waits for finance's decision.",
            """{"id":"prg_7f2.2025-03","programId":"prg_7f2","period":"2025-03","state":"awaitingDecision","currency":"EUR","deadline":"2025-04-08T00:00:00Z","totals":{"lines":3,"payableLines":2,"payable":12000,"carriedLines":1,"carried":400,"heldLines":0,"held":0}}"""),
        (WebhookEventTypes.PayoutRunPaid, typeof(PayoutRunEventData), "A payout run was approved and its lines are paid.",
            """{"id":"prg_7f2.2025-03","programId":"prg_7f2","period":"2025-03","state":"paid","currency":"EUR","deadline":"2025-04-08T00:00:00Z","totals":{"lines":3,"payableLines":2,"payable":12000,"carriedLines":1,"carried":400,"heldLines":0,"held":0},"paidLines":2,"paidAmount":12000,"paidAt":"2025-04-02T09:30:00Z"}"""),
        (WebhookEventTypes.PayoutRunExpired, typeof(PayoutRunEventData), "Nobody decided a payout run before its deadline; nothing was paid.",
            """{"id":"prg_7f2.2025-03","programId":"prg_7f2","period":"2025-03","state":"expired","currency":"EUR","deadline":"2025-04-08T00:00:00Z","totals":{"lines":3,"payableLines":2,"payable":12000,"carriedLines":1,"carried":400,"heldLines":0,"held":0}}"""),
        (WebhookEventTypes.Ping, typeof(PingEventData), "The test event an endpoint's owner sends.",
            """{"endpointId":"whe_4d","message":"This is a test event. Your endpoint received and can verify it."}"""),
    ];

    public static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, data, summary, example) in Events)
        {
            var dataSchema = await context.GetOrCreateSchemaAsync(data, null, cancellationToken);
            var body = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "type", "timestamp", "data" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type)] },
                    ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    ["data"] = dataSchema,
                },
            };
            var operation = new OpenApiOperation
            {
                OperationId = "On" + string.Concat(type.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..])),
                Summary = summary,
                Description = "Signed as Standard Webhooks: verify `webhook-signature` over `{webhook-id}.{webhook-timestamp}.{raw body}` with the endpoint's secret. Answer 2xx; anything else is retried with the same `webhook-id`. Order is not guaranteed.",
                Tags = new HashSet<OpenApiTagReference> { new("Webhook events", document) },
                // The shop's receiver is called by us: it authenticates the call by the signature headers, not by an API key.
                Security = [],
                Parameters =
                [
                    Header("webhook-id", "The event's id: the same on every attempt, dedupe on it."),
                    Header("webhook-timestamp", "Unix seconds when this attempt was sent."),
                    Header("webhook-signature", "`v1,<base64 HMAC-SHA256>`, several space-separated while a rotated secret still signs."),
                ],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new()
                        {
                            Schema = body,
                            Example = new JsonObject { ["type"] = type, ["timestamp"] = "2025-03-14T12:00:01Z", ["data"] = JsonNode.Parse(example) },
                        },
                    },
                },
                Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Received; any 2xx answer ends the delivery." } },
            };
            document.Webhooks[type] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
