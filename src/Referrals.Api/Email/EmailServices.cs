using Microsoft.Extensions.Options;
using Referrals.Core.Email;
using Referrals.Core.Events;

namespace Referrals.Api.Email;

/// <summary>Composes e-mail: the settings (checked at start), the SMTP or logging sender and the outbox's handler.</summary>
public static class EmailServices
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(options => options.Problem() is null, "Referrals:Email is incomplete: with SmtpHost set, From must be an address, SmtpPort 1-65535, and User and Password go together.")
            .ValidateOnStart();
        services.AddSingleton<IEmailSender>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<EmailOptions>>().Value.SmtpHost)
                ? ActivatorUtilities.CreateInstance<LoggedEmailSender>(provider)
                : ActivatorUtilities.CreateInstance<SmtpEmailSender>(provider));
        services.AddSingleton<IEventHandler<EmailMessage>, SendEmail>();
        return services;
    }
}
