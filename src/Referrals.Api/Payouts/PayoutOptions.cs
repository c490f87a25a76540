using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Referrals.Api.Payouts;

/// <summary>Payout settings of the server, section <c>Referrals</c> (the link secret) and <c>Referrals:Payouts</c>.</summary>
public sealed class PayoutOptions
{
    public const string Section = "Referrals:Payouts";

    /// <summary>The key decision links are signed with (HMAC-SHA256), <c>Referrals:DecisionLinkSecret</c>, at least 32 characters.</summary>
    [Required(ErrorMessage = "Referrals:DecisionLinkSecret is required: a secret of at least 32 characters that signs finance's decision links.")]
    [MinLength(32, ErrorMessage = "Referrals:DecisionLinkSecret must be at least 32 characters long.")]
    public string DecisionLinkSecret { get; set; } = string.Empty;

    /// <summary>Where notices about runs are POSTed as JSON (decision requested with links, reminder, expired, paid); none when empty.</summary>
    [Url(ErrorMessage = "Referrals:Payouts:NotifyUrl must be an absolute URL.")]
    public string? NotifyUrl { get; set; }

    /// <summary>Run the payout scheduler in this process (it takes a blob lease, so one instance leads).</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>How often the scheduler looks for due runs and steps.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:45", ErrorMessage = "Referrals:Payouts:SchedulerInterval must be between 50 ms and 45 s (the leader renews its 60 s lease each time).")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    public byte[] LinkKey => Encoding.UTF8.GetBytes(DecisionLinkSecret);
}
