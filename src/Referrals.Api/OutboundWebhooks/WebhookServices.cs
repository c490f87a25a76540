using Microsoft.Extensions.Options;
using Referrals.Core.Events;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Payouts;
using Referrals.Storage;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>Outbound webhooks as both hosts compose them: options, storage, the outbox, the guarded sender and the delivery handler.</summary>
public static class WebhookServices
{
    public static TBuilder AddOutboundWebhooks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(options => options.IsValid(), $"{WebhookOptions.Section}: DisableAfterFailures must be at least 1, and RetryDelays at most 20 delays, each between 00:00:00 and 7 days.")
            .ValidateOnStart();
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton(provider => new WebhookNetworkPolicy(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks ?? development));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<WebhookOptions>>().Value.ToSettings());
        services.AddWebhookDeliveryStorage();
        services.AddSingleton(provider => new GuardedConnector(provider.GetRequiredService<WebhookNetworkPolicy>().AllowPrivateNetworks));
        services.AddSingleton<IWebhookSender, WebhookSender>();
        services.AddSingleton<RecordWebhookEvent>();
        services.AddSingleton<IWebhookOutbox>(provider => provider.GetRequiredService<RecordWebhookEvent>());
        services.AddSingleton<DeliverWebhook>();
        services.AddSingleton<IEventHandler<WebhookDeliveryDue>>(provider => provider.GetRequiredService<DeliverWebhook>());
        services.AddSingleton<IEventHandler<PayoutRunApproved>, EmitPayoutRunPaid>();
        return builder;
    }
}
