using Referrals.Core.Events;

namespace Referrals.Core.Conversions;

/// <summary>A conversion was stored and waits for attribution. Its id comes from the source's event id, so it names the fact.</summary>
public sealed record ConversionReceived(string ProgramId, string ConversionId) : IEvent
{
    string IEvent.EventId => ConversionId;
}
