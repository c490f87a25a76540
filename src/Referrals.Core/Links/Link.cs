namespace Referrals.Core.Links;

/// <summary>
/// A tracked redirect <c>/r/{Code}</c> that sends visitors to <see cref="Destination"/> for one partner.
/// A retired link (<see cref="RetiredAt"/>) sends nobody anywhere and records no click.
/// </summary>
public sealed record Link(
    string Code,
    string ProgramId,
    string PartnerId,
    Uri Destination,
    string? Campaign,
    DateTimeOffset CreatedAt,
    UtmParameters? Utm = null,
    DateTimeOffset? RetiredAt = null)
{
    /// <summary>Where a visitor lands: the destination with the link's campaign parameters appended.</summary>
    public Uri LandingUrl => Utm is null || !Utm.HasValues() ? Destination : Utm.AppendTo(Destination);

    public bool IsRetired => RetiredAt is not null;
}
