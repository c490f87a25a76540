namespace Referrals.Core.Tests;

internal static class TestTimeouts
{
    /// <summary>How long a test waits for background work before it fails; never a claim about speed.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
}
