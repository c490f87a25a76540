using Referrals.Core.Email;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Conversions;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Payouts;
using Referrals.Core.Tracking;
using Referrals.Server.ExchangeRates;
using Referrals.Server.Http;
using Referrals.Server.Joining;
using Referrals.Storage;
using Referrals.Storage.Email;
using Referrals.Storage.Joining;
using Referrals.Server.Payouts;
using Referrals.Server.Security;
using Referrals.Storage.Events;
using Referrals.ServiceBus;

namespace Referrals.Server.Hosting;

/// <summary>
/// The server's own composition on top of the host library: it creates the tables and queues, runs the
/// Storage-queue workers, the click outbox sweeper, the queue-depth metrics and the leased payout
/// scheduler, and serves the pages, the OpenAPI description and its UI.
/// </summary>
internal static class ServerServices
{
    public static WebApplicationBuilder AddReferralServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // In Azure the events travel on the Functions app's Service Bus (ServiceBusConnection__fullyQualifiedNamespace).
        if (builder.Configuration["ServiceBusConnection:fullyQualifiedNamespace"] is { Length: > 0 } serviceBusNamespace)
        {
            services.AddServiceBusEventBus(serviceBusNamespace);
        }

        // Registered first, so the tables and queues exist before any other hosted service starts.
        services.AddHostedService<StorageInitializer>();
        builder.AddServiceDefaults();
        builder.AddReferrals();

        services.AddOptions<MetricsPollOptions>().BindConfiguration($"{ReferralsOptions.Section}:Metrics");
        services.AddHostedService<BacklogMetrics>();
        if (builder.Configuration.GetValue($"{ReferralsOptions.Section}:{nameof(ReferralsOptions.RunWorkers)}", defaultValue: true))
        {
            services.AddQueueWorker<ConversionReceived>(Topics.ConversionReceived);
            services.AddQueueWorker<ClicksRecordedBatch>(Topics.ClicksRecorded);
            services.AddQueueWorker<WebhookDeliveryDue>(Topics.WebhookDeliveries);
            services.AddQueueWorker<PayoutRunApproved>(Topics.PayoutRunApproved);
            services.AddQueueWorker<EmailMessage>(QueueEmailOutbox.Topic);
            services.AddQueueWorker<TermsPublished>(QueueTermsFanOut.Topic);
            services.AddHostedService<ClickOutboxService>();
            services.AddHostedService<ReferenceRateService>();
        }

        builder.AddPayoutScheduler();
        builder.AddPageSessions();
        services.AddJoinPages();
        services.AddApiDescription();
        return builder;
    }

    public static WebApplication MapReferralServer(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UsePageHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The pages' own styles and scripts live under /assets; only those requests look at the file system,
        // so a redirect never pays for a file lookup.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/assets"), assets => assets.UseStaticFiles());
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBudget();

        app.MapDefaultEndpoints();
        app.MapApiDescription();
        app.MapReferralsApi();
        app.MapRazorPages();
        return app;
    }
}
