using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Referrals.Core.Access;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Leads;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;
using Referrals.Server.Commissions;
using Referrals.Server.Conversions;
using Referrals.Server.DeadLetters;
using Referrals.Server.Http;
using Referrals.Server.Leads;
using Referrals.Server.Partners;
using Referrals.Server.Payouts;
using Referrals.Server.Programs;
using Referrals.Server.Security;
using Referrals.Server.Stats;
using Referrals.Server.Tracking;
using Referrals.Server.Webhooks;
using Referrals.Storage;
using Referrals.Storage.Events;
using Referrals.Storage.Webhooks;

namespace Referrals.Server.Hosting;

/// <summary>Composes the server: settings, storage adapters, core use cases, workers and endpoints.</summary>
internal static class ReferralServices
{
    public static TBuilder AddReferrals<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<ReferralsOptions>().BindConfiguration(ReferralsOptions.Section).ValidateDataAnnotations()
            .Validate(options => SecretProtector.IsValidKey(options.SecretsKey), ReferralsOptions.SecretsKeyProblem)
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .BindConfiguration($"{ReferralsOptions.Section}:Storage")
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString ??= configuration.GetConnectionString(LocalStorage.ConnectionStringName));
        services.AddOptions<ClickRecorderOptions>().BindConfiguration($"{ReferralsOptions.Section}:Clicks");

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
        services.AddOptions<MetricsPollOptions>().BindConfiguration($"{ReferralsOptions.Section}:Metrics");
        services.AddHostedService<BacklogMetrics>();
        services.TryAddTimeProvider();
        services.AddSingleton<ReferralMetrics>();
        services.AddHostedService<StorageInitializer>();
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
        services.AddSingleton<RegisterLead>();
        services.AddIntegrationSecrets(provider => SecretProtector.FromBase64(provider.GetRequiredService<IOptions<ReferralsOptions>>().Value.SecretsKey));
        services.AddSingleton<AttributeConversion>();
        services.AddSingleton<IEventHandler<ConversionReceived>, MeasuredAttribution>();
        services.AddSingleton<IEventHandler<ClicksRecordedBatch>, ProjectClicks>();
        services.AddSingleton<RepublishUnprojectedFlushes>();

        if (builder.Configuration.GetValue($"{ReferralsOptions.Section}:{nameof(ReferralsOptions.RunWorkers)}", defaultValue: true))
        {
            services.AddQueueWorker<ConversionReceived>(Topics.ConversionReceived);
            services.AddQueueWorker<ClicksRecordedBatch>(Topics.ClicksRecorded);
            services.AddHostedService<ClickOutboxService>();
        }

        builder.AddPayouts();
        builder.AddPageSessions();
        services.AddSingleton<ReadPartnerPortal>();
        services.AddSingleton<ReadLeaderboard>();
        services.AddApiDescription();
        return builder;
    }

    public static WebApplication MapReferrals(this WebApplication app)
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

        app.MapDefaultEndpoints();
        app.MapApiDescription();
        app.MapRedirect();
        app.MapWebhooks();
        app.MapCodeLookup();
        app.MapGroup("/api/v1")
            .RequireAuthorization(ApiAccess.Policy)
            .MapProgramsApi()
            .MapConversionsApi()
            .MapCommissionsApi()
            .MapLeadsApi()
            .MapIntegrationsApi()
            .MapClicksApi()
            .MapStatsApi()
            .MapDeadLettersApi()
            .MapPartnerAccessApi();
        app.MapPayouts();
        app.MapRazorPages();
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
