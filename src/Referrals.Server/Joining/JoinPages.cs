using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Referrals.Server.Joining;

/// <summary>The server's part of joining: the application pages' limit and the portal's terms gate.</summary>
internal static class JoinPages
{
    public static IServiceCollection AddJoinPages(this IServiceCollection services)
    {
        services.AddOptions<JoinOptions>().BindConfiguration(JoinOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApplicationRateLimiter>();
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddFolderApplicationModelConvention("/Portal", model => model.Filters.Add(new TermsGate())));
        return services;
    }
}
