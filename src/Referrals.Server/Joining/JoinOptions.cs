using System.ComponentModel.DataAnnotations;

namespace Referrals.Server.Joining;

/// <summary>The public application pages, section <c>Referrals:Join</c>.</summary>
public sealed class JoinOptions
{
    public const string Section = "Referrals:Join";

    /// <summary>How many applications one client address may send per minute (on any program's page).</summary>
    [Range(1, 10_000, ErrorMessage = "Referrals:Join:ApplicationsPerMinute must be between 1 and 10000.")]
    public int ApplicationsPerMinute { get; set; } = 10;
}
