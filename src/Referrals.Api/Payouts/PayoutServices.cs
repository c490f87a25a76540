using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Api.Security;

namespace Referrals.Api.Payouts;

/// <summary>Composes payout runs: use cases, notifier, finance policy and endpoints. Who drives the runs is the host's (the server's leased scheduler, the Functions app's orchestration).</summary>
public static class PayoutServices
{
    public static IHostApplicationBuilder AddPayouts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PayoutOptions>()
            .BindConfiguration(PayoutOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.DecisionLinkSecret = configuration["Referrals:DecisionLinkSecret"] ?? options.DecisionLinkSecret)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AccountingOptions>()
            .BindConfiguration(AccountingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Finance, policy => policy.RequireRole([.. EndpointRoles.PayoutRuns, Roles.Admin]));
        services.AddHttpClient<IPayoutNotifier, PayoutNotifier>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<StartPayoutRun>();
        services.AddSingleton<Referrals.Core.Commissions.CloseTiers>();
        services.AddSingleton<PayoutRunSteps>();
        services.AddSingleton<DecidePayoutRun>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DecideByLink>(
            provider, new ReadOnlyMemory<byte>(provider.GetRequiredService<IOptions<PayoutOptions>>().Value.LinkKey)));
        services.AddSingleton<StartClosedPeriodRuns>();
        services.AddSingleton<DecisionLinkPage>();
        services.AddSingleton<PayoutExports>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPayouts(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").RequireAuthorization(Roles.Admin).MapPayoutRunStart().MapApiKeysApi();
        app.MapGroup("/api/v1").RequireAuthorization(Roles.Finance).MapPayoutRunsApi().MapPayoutExportsApi();
        return app;
    }
}
