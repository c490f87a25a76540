using Referrals.Core.Attribution;
using Referrals.Core.Leads;
using Referrals.Storage.Attribution;
using Referrals.Storage.Leads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Core.ExchangeRates;
using Referrals.Storage.ExchangeRates;
using Referrals.Core.Access;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Groups;
using Referrals.Core.Links;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Reconciliation;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;
using Referrals.Core.Webhooks;
using Referrals.Core.Changes;
using Referrals.Storage.Access;
using Referrals.Storage.Changes;
using Referrals.Storage.Requests;
using Referrals.Storage.Commissions;
using Referrals.Storage.Conversions;
using Referrals.Storage.Events;
using Referrals.Storage.Groups;
using Referrals.Storage.Links;
using Referrals.Storage.OutboundWebhooks;
using Referrals.Storage.Partners;
using Referrals.Storage.Payouts;
using Referrals.Storage.Programs;
using Referrals.Storage.Reconciliation;
using Referrals.Storage.Stats;
using Referrals.Storage.Tracking;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the storage adapters of every Core port, the <see cref="StorageAccount"/> and the
    /// <see cref="StorageHealthCheck"/> as singletons. Binds no configuration: the host configures
    /// <see cref="StorageOptions"/> (for example <c>services.Configure&lt;StorageOptions&gt;(configuration.GetSection("Storage"))</c>);
    /// the options are validated when the host starts. Registers neither a <see cref="TimeProvider"/>
    /// nor hosted services (see <see cref="AddQueueWorker{TEvent}"/>), nor the webhook secrets (see
    /// <see cref="AddIntegrationSecrets"/>: their key is the host's setting).
    /// </summary>
    public static IServiceCollection AddReferralStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(provider => new StorageAccount(provider.GetRequiredService<IOptions<StorageOptions>>()));
        services.TryAddSingleton<TableProgramStore>();
        services.TryAddSingleton<IProgramStore>(provider => provider.GetRequiredService<TableProgramStore>());
        services.TryAddSingleton<IProgramCatalog>(provider => provider.GetRequiredService<TableProgramStore>());
        services.TryAddSingleton<TablePartnerStore>();
        services.TryAddSingleton<IPartnerStore>(provider => provider.GetRequiredService<TablePartnerStore>());
        services.TryAddSingleton<IPartnerDirectory>(provider => provider.GetRequiredService<TablePartnerStore>());
        services.TryAddSingleton<ILinkStore, TableLinkStore>();
        services.TryAddSingleton<IPartnerLinkIndex, PartnerLinkIndex>();
        services.TryAddSingleton<IReferralCodeStore, TableReferralCodeStore>();
        services.TryAddSingleton<IProgramEditor>(provider => provider.GetRequiredService<TableProgramStore>());
        services.TryAddSingleton<IPartnerEditor>(provider => provider.GetRequiredService<TablePartnerStore>());
        services.TryAddSingleton<PartnerLinkIndex>();
        services.TryAddSingleton<ILinkEditor, TableLinkEditor>();
        services.TryAddSingleton<IChangeLog, TableChangeLog>();
        services.TryAddSingleton<TableIdempotentRequests>();
        services.TryAddSingleton<IConversionListing>(provider => provider.GetRequiredService<TableConversionStore>());
        services.TryAddSingleton<IClickLog, TableClickLog>();
        services.TryAddSingleton<TableConversionStore>();
        services.TryAddSingleton<IConversionStore>(provider => provider.GetRequiredService<TableConversionStore>());
        services.TryAddSingleton<IUnattributedConversions>(provider => provider.GetRequiredService<TableConversionStore>());
        services.TryAddSingleton<ICommissionStore, TableCommissionStore>();
        services.TryAddSingleton<ICommissionReviewStore, TableCommissionStore>();
        services.TryAddSingleton<ICustomerLockStore, TableCustomerLockStore>();
        services.TryAddSingleton<ILeadStore, TableLeadStore>();
        services.TryAddSingleton<IStatsStore, TableStatsStore>();
        services.TryAddSingleton<IEventPublisher, QueueEventPublisher>();
        services.TryAddSingleton<IPayoutLedger, TableCommissionStore>();
        services.TryAddSingleton<TablePayoutRunStore>();
        services.TryAddSingleton<IPayoutRunStore>(provider => provider.GetRequiredService<TablePayoutRunStore>());
        services.TryAddSingleton<IApiKeyStore, TableApiKeyStore>();
        services.TryAddSingleton<ISignInLinkStore, TableSignInLinkStore>();
        services.TryAddSingleton<IIgnoredEventStore, TableIgnoredEventStore>();
        services.TryAddSingleton<IPartnerGroups, TablePartnerGroups>();
        services.TryAddSingleton<IPartnerPlans, TablePartnerPlans>();
        services.TryAddSingleton<IPartnerProfileStore, TablePartnerProfileStore>();
        services.TryAddSingleton<IReferenceRateStore, TableReferenceRateStore>();
        services.TryAddSingleton<IReconciliationStore, TableReconciliationStore>();
        services.TryAddSingleton<StorageHealthCheck>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="IIntegrationSecrets"/> over the <c>IntegrationSecrets</c> table, encrypting with
    /// the <see cref="SecretProtector"/> that <paramref name="protector"/> makes (from the host's key).
    /// Needs a <see cref="TimeProvider"/> from the host.
    /// </summary>
    public static IServiceCollection AddIntegrationSecrets(this IServiceCollection services, Func<IServiceProvider, SecretProtector> protector)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(protector);
        services.TryAddSingleton(protector);
        services.TryAddSingleton<IIntegrationSecrets, TableIntegrationSecrets>();
        services.TryAddSingleton<IPayoutDetailsStore, TablePayoutDetailsStore>();
        return services;
    }

    /// <summary>
    /// Registers the outbound webhooks' storage: endpoints (secrets encrypted by the <see cref="SecretProtector"/>
    /// that <see cref="AddIntegrationSecrets"/> registered), deliveries and attempts, the delivery queue and the body writer.
    /// </summary>
    public static IServiceCollection AddWebhookDeliveryStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IWebhookEndpointStore, TableWebhookEndpointStore>();
        services.TryAddSingleton<IWebhookDeliveryStore, TableWebhookDeliveryStore>();
        services.TryAddSingleton<IWebhookDeliveryQueue, QueueWebhookDeliveryQueue>();
        services.TryAddSingleton<IWebhookBodyWriter, JsonWebhookBodyWriter>();
        return services;
    }

    /// <summary>
    /// Runs a <see cref="QueueWorker{TEvent}"/> on <paramref name="topic"/> as a hosted service; the host
    /// registers the <see cref="IEventHandler{TEvent}"/> it delivers to (scoped or transient).
    /// </summary>
    public static IServiceCollection AddQueueWorker<TEvent>(this IServiceCollection services, string topic)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        services.AddHostedService(provider => new QueueWorker<TEvent>(
            provider.GetRequiredService<StorageAccount>(),
            topic,
            provider,
            provider.GetRequiredService<IOptions<StorageOptions>>(),
            provider.GetRequiredService<ILogger<QueueWorker<TEvent>>>()));
        return services;
    }
}
