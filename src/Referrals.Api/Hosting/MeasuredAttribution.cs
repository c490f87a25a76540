using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;

namespace Referrals.Api.Hosting;

/// <summary>
/// Attribution with its lag measured: from the conversion being received (acknowledged to the shop or
/// provider) to its attribution decision being stored, one point read per conversion after the decision.
/// </summary>
public sealed class MeasuredAttribution(AttributeConversion inner, IConversionStore conversions, ReferralMetrics metrics, TimeProvider time) : IEventHandler<ConversionReceived>
{
    public async Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
    {
        await inner.HandleAsync(@event, cancellationToken);
        if (await conversions.GetAsync(@event.ProgramId, @event.ConversionId, cancellationToken) is { Attribution: not null } decided)
        {
            metrics.AttributionDecided(time.GetUtcNow() - decided.ReceivedAt);
        }
    }
}
