using Referrals.Api.Email;
using Referrals.Api.Payouts;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Core.Partners;
using Referrals.Storage.Joining;

namespace Referrals.Api.Joining;

/// <summary>Composes joining (applications, slugs, terms, agreements) and e-mail, the same in both hosts.</summary>
public static class JoiningServices
{
    public static IServiceCollection AddJoining(this IServiceCollection services)
    {
        services.AddEmail();
        services.AddJoiningStorage();
        services.AddSingleton<AssignSlug>();
        services.AddSingleton<PublishTerms>();
        services.AddSingleton<IEventHandler<TermsPublished>, NotifyNewTerms>();
        services.AddSingleton<AcceptTerms>();
        services.AddSingleton<DecideApplication>();
        services.AddSingleton<SubmitApplication>();
        services.AddSingleton<PayoutEmails>();
        services.AddSingleton<IPayoutDetailsNotifier, EmailPayoutDetailsNotifier>();
        return services;
    }
}
