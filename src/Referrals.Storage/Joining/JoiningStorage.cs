using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Referrals.Core.Email;
using Referrals.Core.Joining;
using Referrals.Storage.Email;

namespace Referrals.Storage.Joining;

/// <summary>Registers the adapters of applications, slugs, terms (and their fan-out queue), agreements and the e-mail outbox.</summary>
public static class JoiningStorage
{
    public static IServiceCollection AddJoiningStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IProgramSlugStore, TableProgramSlugStore>();
        services.TryAddSingleton<IJoinSettingsStore, TableJoinSettingsStore>();
        services.TryAddSingleton<ITermsStore, TableTermsStore>();
        services.TryAddSingleton<IAgreementStore, TableAgreementStore>();
        services.TryAddSingleton<IApplicationStore, TableApplicationStore>();
        services.TryAddSingleton<IEmailOutbox, QueueEmailOutbox>();
        services.TryAddSingleton<ISentEmails, TableSentEmails>();
        services.TryAddSingleton<ITermsFanOut, QueueTermsFanOut>();
        return services;
    }
}
