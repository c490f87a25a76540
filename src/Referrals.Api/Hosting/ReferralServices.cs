using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Referrals.Core.Access;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Groups;
using Referrals.Core.Leads;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Reconciliation;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;
using Referrals.Api.Changes;
using Referrals.Api.Commissions;
using Referrals.Api.Conversions;
using Referrals.Api.DeadLetters;
using Referrals.Api.ExchangeRates;
using Referrals.Api.Groups;
using Referrals.Api.Http;
using Referrals.Api.Joining;
using Referrals.Api.Leads;
using Referrals.Api.OutboundWebhooks;
using Referrals.Api.Partners;
using Referrals.Api.Payouts;
using Referrals.Api.Programs;
using Referrals.Api.Reconciliation;
using Referrals.Api.Security;
using Referrals.Api.Statements;
using Referrals.Api.Stats;
using Referrals.Api.Tracking;
using Referrals.Api.Webhooks;
using Referrals.Storage;
using Referrals.Storage.Events;
using Referrals.Storage.Webhooks;

namespace Referrals.Api.Hosting;

/// <summary>
/// What both hosts compose the same way: settings, storage adapters, core use cases, the click recorder,
/// API-key authentication and access policies, rate limits, problem answers, and the API's endpoints.
/// A host adds only what is its own (the server: pages, queue workers, scheduler; Functions: triggers).
/// </summary>
public static class ReferralServices
{
    /// <summary>The connection string (<c>ConnectionStrings:Storage</c>) used when <c>Referrals:Storage:ConnectionString</c> is not set.</summary>
    public const string StorageConnectionName = "Storage";

    public static TBuilder AddReferrals<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<ReferralsOptions>().BindConfiguration(ReferralsOptions.Section).ValidateDataAnnotations()
            .Validate(options => SecretProtector.IsValidKey(options.SecretsKey), ReferralsOptions.SecretsKeyProblem)
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .BindConfiguration($"{ReferralsOptions.Section}:Storage")
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString ??= configuration.GetConnectionString(StorageConnectionName));
        services.AddOptions<ClickRecorderOptions>().BindConfiguration($"{ReferralsOptions.Section}:Clicks")
            .Validate(options => options.RedirectWait > TimeSpan.Zero && options.RedirectWait <= TimeSpan.FromSeconds(30), $"{ReferralsOptions.Section}:Clicks:RedirectWait must be greater than zero and at most 30 seconds.")
            .Validate(options => options.RetryDelay > TimeSpan.Zero && options.RetryDelay <= TimeSpan.FromSeconds(5), $"{ReferralsOptions.Section}:Clicks:RetryDelay must be greater than zero and at most 5 seconds.")
            .ValidateOnStart();
        services.AddOptions<AttributionOptions>().BindConfiguration(AttributionOptions.Section)
            .Validate(options => options.IsValid(), $"{AttributionOptions.Section}: PaymentWait, FirstSaleWait and UnknownFirstSaleWait must each lie between 00:00:00 and {AttributionOptions.MaxWait}.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AttributionOptions>>().Value.ToWaits());

        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddExceptionHandler<StorageFailureHandler>();
        services.AddMemoryCache(options => options.SizeLimit = 200_000);

        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        services.AddApiAccess();
        services.AddSingleton<IssueApiKey>();

        services.AddPublicRateLimits();
        services.AddSingleton<DeadLetterQueue>();
        services.TryAddSingleton<IDeadLetters>(provider => provider.GetRequiredService<DeadLetterQueue>());
        services.TryAddTimeProvider();
        services.AddSingleton<ReferralMetrics>();
        services.AddReferralStorage();

        services.AddSingleton(provider => new VisitorHasher(Encoding.UTF8.GetBytes(provider.GetRequiredService<IOptions<ReferralsOptions>>().Value.IpHashSalt)));
        services.AddSingleton(provider =>
        {
            var recorder = ActivatorUtilities.CreateInstance<ClickRecorder>(provider, provider.GetRequiredService<IOptions<ClickRecorderOptions>>().Value);
            var metrics = provider.GetRequiredService<ReferralMetrics>();
            recorder.Flushed += metrics.ClicksFlushed;
            recorder.EntriesWritten += metrics.ClickEntriesWritten;
            return recorder;
        });
        services.AddHostedService<ClickRecorderService>();
        services.AddSingleton<LinkDirectory>();
        services.AddSingleton<IssueLink>();
        services.AddSingleton<RecordConversion>();
        builder.AddExchangeRates();
        services.AddSingleton<RegisterLead>();
        services.AddSingleton<ListPartners>();
        services.AddIntegrationSecrets(provider => SecretProtector.FromBase64(provider.GetRequiredService<IOptions<ReferralsOptions>>().Value.SecretsKey));
        services.AddSingleton<AttributeConversion>();
        services.AddSingleton<IEventHandler<ConversionReceived>, MeasuredAttribution>();
        services.AddSingleton<IEventHandler<ClicksRecordedBatch>, ProjectClicks>();
        services.AddSingleton<RepublishUnprojectedFlushes>();


        builder.AddPayouts();
        builder.AddOutboundWebhooks();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<ReadPartnerPortal>();
        services.AddSingleton<ReadLeaderboard>();
        services.AddSingleton<ChangeAudit>();
        services.AddSingleton<IdempotentCreates>();
        services.AddJoining();
        services.AddSingleton<ResolvePlan>();
        services.AddSingleton<Referrals.Core.Statements.ReadPartnerStatement>();
        services.AddSingleton<MovePartnerToGroup>();
        services.AddSingleton<ChangePlan>();
        services.AddSingleton<PartnerPlanReader>();
        services.AddSingleton<UpdatePayoutDetails>();
        services.TryAddSingleton<IPayoutDetailsNotifier, LoggingPayoutDetailsNotifier>();
        services.AddSingleton<ReconcileExport>();
        services.AddSingleton<ReplayMissingPayments>();
        return builder;
    }

    /// <summary>
    /// The API's endpoints: the redirect, the providers' webhooks, the public code lookup, the management
    /// API (every route behind <see cref="ApiAccess.Policy"/>) and the payout runs.
    /// </summary>
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRedirect();
        app.MapWebhooks();
        app.MapCodeLookup();
        app.MapTrackingScript();
        app.MapScriptClicks();
        app.MapGroup("/api/v1")
            .RequireAuthorization(ApiAccess.Policy)
            .MapProgramsApi()
            .MapConversionsApi()
            .MapCommissionsApi()
            .MapLeadsApi()
            .MapIntegrationsApi()
            .MapIgnoredEventsApi()
            .MapClicksApi()
            .MapStatsApi()
            .MapStatementsApi()
            .MapDeadLettersApi()
            .MapPartnerAccessApi()
            .MapWebhookEndpointsApi()
            .MapLinkQrCodes()
            .MapProgramResourcesApi()
            .MapPartnerResourcesApi()
            .MapLinkResourcesApi()
            .MapChangesApi()
            .MapConversionListApi()
            .MapPayoutRunListApi()
            .MapJoiningApi()
            .MapGroupsApi()
            .MapPartnerSelfServiceApi()
            .MapReconciliationsApi();
        app.MapPayouts();
        return app;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
