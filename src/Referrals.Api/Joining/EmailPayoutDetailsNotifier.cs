using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Core.Email;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Api.Joining;

/// <summary>
/// Tells the partner by e-mail (through the outbox, so a slow mail server never fails the change) that
/// their payout details changed, with a link to the portal where they can check them.
/// </summary>
public sealed class EmailPayoutDetailsNotifier(IProgramStore programs, IEmailOutbox outbox, IOptions<ReferralsOptions> options) : IPayoutDetailsNotifier
{
    public async Task NotifyChangedAsync(Partner partner, PayoutDetailsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(change);
        var program = await programs.GetAsync(partner.ProgramId, cancellationToken);
        if (program is null)
        {
            return;
        }

        await outbox.EnqueueAsync(EmailMessages.PayoutDetailsChanged(program, partner, change.At, PortalUrl()), cancellationToken);
    }

    // The pages live on the web front where one is configured (Azure), else beside the API.
    private string PortalUrl() =>
        (options.Value.WebBaseUrl ?? options.Value.PublicBaseUrl) is { Length: > 0 } origin
            ? new Uri(new Uri(origin.TrimEnd('/') + "/"), "portal").ToString()
            : "/portal";
}
