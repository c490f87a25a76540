namespace Referrals.Core.Tracking;

/// <summary>The kind of client behind a click, from its User-Agent.</summary>
public enum UserAgentClass
{
    Unknown,
    Desktop,
    Mobile,
    Tablet,
    Bot,
}
