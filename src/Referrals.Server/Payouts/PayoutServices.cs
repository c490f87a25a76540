using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Server.Security;

namespace Referrals.Server.Payouts;

/// <summary>Composes payout runs into the server: use cases, notifier, scheduler, finance policy and endpoints (decision links land on a page: <c>Pages/DecisionLink</c>).</summary>
internal static class PayoutServices
{
    public static IHostApplicationBuilder AddPayouts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PayoutOptions>()
            .BindConfiguration(PayoutOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.DecisionLinkSecret = configuration["Referrals:DecisionLinkSecret"] ?? options.DecisionLinkSecret)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Finance, policy => policy.RequireRole(Roles.Finance, Roles.Admin));
        services.AddHttpClient<IPayoutNotifier, PayoutNotifier>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<StartPayoutRun>();
        services.AddSingleton<PayoutRunSteps>();
        services.AddSingleton<DecidePayoutRun>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DecideByLink>(
            provider, new ReadOnlyMemory<byte>(provider.GetRequiredService<IOptions<PayoutOptions>>().Value.LinkKey)));
        services.AddSingleton<StartClosedPeriodRuns>();
        if (builder.Configuration.GetValue($"{PayoutOptions.Section}:{nameof(PayoutOptions.RunScheduler)}", defaultValue: true))
        {
            services.AddSingleton<PayoutScheduler>();
            services.AddHostedService(provider => provider.GetRequiredService<PayoutScheduler>());
        }

        return builder;
    }

    public static WebApplication MapPayouts(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization(Roles.Admin).MapPayoutRunStart().MapApiKeysApi();
        app.MapGroup("/api/v1").RequireAuthorization(Roles.Finance).MapPayoutRunsApi();
        return app;
    }
}
