using Referrals.Core.Partners;

namespace Referrals.Core.Joining;

/// <summary>Records a partner's acceptance of the program's current terms, as shown to them (version checked).</summary>
public sealed class AcceptTerms(ITermsStore terms, IAgreementStore agreements, TimeProvider time)
{
    /// <summary>The agreement recorded, or null when <paramref name="version"/> is not the current version (the terms changed meanwhile).</summary>
    public async Task<Agreement?> ExecuteAsync(Partner partner, int version, string addressHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        if (await terms.GetCurrentAsync(partner.ProgramId, cancellationToken) is not { } current || current.Version != version)
        {
            return null;
        }

        var agreement = new Agreement(current.Version, current.TextSha256, time.GetUtcNow(), addressHash);
        await agreements.RecordAsync(partner.ProgramId, partner.Id, agreement, cancellationToken);
        return agreement;
    }
}
