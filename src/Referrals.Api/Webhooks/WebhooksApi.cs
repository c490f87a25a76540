using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Core.Conversions;
using Referrals.Core.Webhooks;
using Referrals.Api.Security;
using Referrals.Api.Hosting;
using Referrals.Api.Http;

namespace Referrals.Api.Webhooks;

/// <summary>
/// The payment providers' webhooks. No API key: the signature over the raw body, made with the
/// program's secret for that provider, is the authentication, and it is checked before anything reads
/// the body. A verified event is mapped (<see cref="StripeEvents"/>, <see cref="PaddleEvents"/>, or our
/// own schema for the generic webhook) and recorded like any conversion: its event id is the
/// idempotency key.
/// </summary>
public static partial class WebhooksApi
{
    /// <summary>Why a new sale, renewal or lead for an archived program was ignored.</summary>
    public const string ArchivedReason = "The program is archived: it records no new sales, renewals or leads (refunds and chargebacks of earlier payments still count).";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous().RequirePublicRateLimit(Security.PublicRateLimits.Webhooks).WithRequestBudget();
        webhooks.MapPost("/stripe/{programId}", ReceiveStripeAsync).WithName("ReceiveStripeWebhook");
        webhooks.MapPost("/paddle/{programId}", ReceivePaddleAsync).WithName("ReceivePaddleWebhook");
        webhooks.MapPost("/generic/{programId}", ReceiveGenericAsync).WithName("ReceiveGenericWebhook").Accepts<ConversionDraft>("application/json");
        return app;
    }

    /// <summary>
    /// Stripe events, signed in <c>Stripe-Signature</c> with the program's Stripe endpoint secret (<c>whsec_…</c>).
    /// Records <c>checkout.session.completed</c> (one-time payments), <c>invoice.paid</c> (a subscription's
    /// first payment and its renewals), <c>charge.refunded</c>, <c>charge.dispute.created</c> and
    /// <c>charge.dispute.closed</c>; <c>invoice_payment.paid</c> links an invoice to the payment intent or
    /// charge that paid it (answered <c>linked</c>); other types answer 200 and are ignored.
    /// </summary>
    public static Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> ReceiveStripeAsync(
        string programId, HttpRequest request, CancellationToken cancellationToken) =>
        ReceiveAsync(WebhookProvider.Stripe, programId, request, cancellationToken);

    /// <summary>
    /// Paddle Billing events, signed in <c>Paddle-Signature</c> with the notification destination's secret key.
    /// Records <c>transaction.completed</c> and approved <c>adjustment.created</c> / <c>adjustment.updated</c>
    /// (refunds, chargebacks, chargeback reversals); other types answer 200 and are ignored.
    /// </summary>
    public static Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> ReceivePaddleAsync(
        string programId, HttpRequest request, CancellationToken cancellationToken) =>
        ReceiveAsync(WebhookProvider.Paddle, programId, request, cancellationToken);

    /// <summary>
    /// A shop's own events: <c>{eventId, type: sale|lead|renewal|refund|chargeback|reinstatement, amount, currency,
    /// customerId, clickId?, code?, productId?, originalEventId?, occurredAt?}</c>, signed in
    /// <c>X-Referrals-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>.
    /// </summary>
    public static Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> ReceiveGenericAsync(
        string programId, HttpRequest request, CancellationToken cancellationToken) =>
        ReceiveAsync(WebhookProvider.Generic, programId, request, cancellationToken);

    public static async Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        WebhookProvider provider, string programId, HttpRequest request, CancellationToken cancellationToken)
    {
        var services = request.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhooksApi));
        var body = await RequestBody.ReadBytesAsync(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = provider.ToString().ToLowerInvariant();
        var secret = await services.GetRequiredService<IIntegrationSecrets>().GetAsync(programId, provider, cancellationToken);
        if (secret is null)
        {
            LogRefused(logger, name, Problems.Shorten(programId), "not configured");
            return Problems.BadRequest($"Program '{Problems.Shorten(programId)}' has no {name} integration: set its webhook secret with PUT /api/v1/programs/{{programId}}/integrations/{name}.");
        }

        var header = request.Headers[WebhookSignature.HeaderName(provider)].ToString();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var check = WebhookSignature.Verify(provider, header, body.Body, secret, now);
        if (check != SignatureCheck.Valid)
        {
            LogRefused(logger, name, programId, check.ToString());
            return Problems.BadRequest(SignatureProblem(provider, check));
        }

        return await ProcessAsync(provider, programId, body.Body!, services, keepIgnored: true, cancellationToken);
    }

    /// <summary>
    /// Maps a verified body and records what it means. Whatever cannot be used is answered 200 <c>ignored</c>
    /// with the reason and kept (<see cref="IIgnoredEventStore"/>): the body is signed, so sending it again
    /// would not change it, and a 4xx would only make the provider retry it for days.
    /// </summary>
    internal static async Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> ProcessAsync(
        WebhookProvider provider, string programId, byte[] body, IServiceProvider services, bool keepIgnored, CancellationToken cancellationToken)
    {
        var name = provider.ToString().ToLowerInvariant();
        var mapping = Map(provider, body, services);
        string? reason = null;
        switch (mapping)
        {
            case WebhookMapping.Ignore ignore:
                reason = ignore.Reason;
                break;
            case WebhookMapping.Refuse refuse:
                reason = refuse.Problem;
                break;
            case WebhookMapping.Link link:
                return await services.GetRequiredService<RecordConversion>().LinkPaymentAsync(programId, name, link.PaymentReference, link.Aliases, cancellationToken)
                    ? TypedResults.Ok(new WebhookAnswer("linked", null, false, null))
                    : Problems.ProgramNotFound(programId);
            case WebhookMapping.Record record:
                var outcome = await services.GetRequiredService<RecordConversion>().ExecuteAsync(programId, name, record.Draft, record.Payment, cancellationToken);
                switch (outcome)
                {
                    case RecordConversionOutcome.Accepted accepted:
                        services.GetRequiredService<ReferralMetrics>().ConversionReceived(name, accepted.Duplicate);
                        return TypedResults.Ok(new WebhookAnswer("recorded", accepted.ConversionId, accepted.Duplicate, null));
                    case RecordConversionOutcome.Invalid invalid:
                        reason = "The event cannot be recorded: " + string.Join(" ", invalid.Errors.ToDictionary().Values.SelectMany(messages => messages));
                        break;
                    case RecordConversionOutcome.ProgramArchived:
                        // Acknowledged, not refused: a 4xx would only have the provider retry a signed event for days.
                        reason = ArchivedReason;
                        break;
                    case RecordConversionOutcome.NoExchangeRate missing:
                        reason = "The event cannot be recorded: " + Problems.NoExchangeRateDetail(missing);
                        break;
                    default:
                        return Problems.ProgramNotFound(programId);
                }

                break;
        }

        reason ??= "The event could not be used.";
        if (keepIgnored)
        {
            var (eventId, type) = Identify(provider, body);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            await services.GetRequiredService<IIgnoredEventStore>().KeepAsync(IgnoredEvent.Of(programId, name, eventId, type, reason, now, body), cancellationToken);
        }

        return TypedResults.Ok(new WebhookAnswer("ignored", null, false, reason));
    }

    /// <summary>The event's id and type as the provider names them, when the body is JSON that has them.</summary>
    private static (string? EventId, string? Type) Identify(WebhookProvider provider, byte[] body)
    {
        var (idName, typeName) = provider switch
        {
            WebhookProvider.Stripe => ("id", "type"),
            WebhookProvider.Paddle => ("event_id", "event_type"),
            _ => ("eventId", "type"),
        };
        try
        {
            if (!System.Text.Unicode.Utf8.IsValid(body))
            {
                return (null, null);
            }

            using var document = JsonDocument.Parse(body);
            return (document.RootElement.String(idName), document.RootElement.String(typeName));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static WebhookMapping Map(WebhookProvider provider, byte[] body, IServiceProvider services)
    {
        // JsonDocument checks UTF-8 only when a string is read, which would throw from deep inside the mapping.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return new WebhookMapping.Refuse("The event is not valid UTF-8.");
        }

        try
        {
            if (provider == WebhookProvider.Generic)
            {
                var options = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                return JsonSerializer.Deserialize<ConversionDraft>(body, options) is { } draft
                    ? new WebhookMapping.Record(draft, null)
                    : new WebhookMapping.Refuse("The event is null; send a JSON object.");
            }

            using var document = JsonDocument.Parse(body);
            return provider == WebhookProvider.Stripe ? StripeEvents.Map(document.RootElement) : PaddleEvents.Map(document.RootElement);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at '{exception.Path}'";
            return new WebhookMapping.Refuse($"The event is not valid JSON for this webhook{where}.");
        }
    }

    private static string SignatureProblem(WebhookProvider provider, SignatureCheck check)
    {
        var header = WebhookSignature.HeaderName(provider);
        return check switch
        {
            SignatureCheck.Missing => $"The request is not signed: send the '{header}' header.",
            SignatureCheck.Malformed => $"The '{header}' header is not in the expected format.",
            SignatureCheck.Stale => $"The '{header}' timestamp is too far from now (more than {WebhookSignature.Tolerance(provider).TotalSeconds:0} s): a replay, or a wrong clock.",
            _ => $"The '{header}' signature does not match the body under this program's {provider.ToString().ToLowerInvariant()} webhook secret.",
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Provider} webhook for program {ProgramId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string provider, string programId, string reason);
}
