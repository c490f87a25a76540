namespace Referrals.Core.Programs;

/// <summary>How a redirect waits for its click to be stored.</summary>
public enum TrackingMode
{
    /// <summary>The 302 is sent only after the click is stored: no acknowledged click is ever lost.</summary>
    Durable,

    /// <summary>
    /// The 302 is sent at once and the click is stored within 100 ms. A crash can lose the clicks
    /// still buffered; choose it only where speed matters more than the last clicks.
    /// </summary>
    Fast,
}
