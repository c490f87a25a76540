using System.ComponentModel.DataAnnotations;

namespace Referrals.Api.Hosting;

/// <summary>The server's settings, section <c>Referrals</c> (environment <c>Referrals__AdminApiKey</c> and so on).</summary>
public sealed class ReferralsOptions
{
    public const string Section = "Referrals";

    public const string SecretsKeyProblem = "Referrals:SecretsKey is required: the base64 encoding of 32 random bytes (openssl rand -base64 32) that webhook secrets are encrypted with.";

    /// <summary>The first admin API key; callers send it as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    [Required(ErrorMessage = "Referrals:AdminApiKey is required: the first admin API key (at least 16 characters).")]
    [MinLength(16, ErrorMessage = "Referrals:AdminApiKey must be at least 16 characters long.")]
    public string AdminApiKey { get; set; } = string.Empty;

    /// <summary>The secret salt of visitor IP hashes. Changing it makes earlier visitors look new.</summary>
    [Required(ErrorMessage = "Referrals:IpHashSalt is required: a secret of at least 16 characters used to hash visitor IPs.")]
    [MinLength(16, ErrorMessage = "Referrals:IpHashSalt must be at least 16 characters long.")]
    public string IpHashSalt { get; set; } = string.Empty;

    /// <summary>
    /// The key webhook secrets are encrypted with at rest (AES-256-GCM): base64 of 32 random bytes, e.g.
    /// <c>openssl rand -base64 32</c>. Changing it makes the stored secrets unreadable; set them again.
    /// </summary>
    [Required(ErrorMessage = SecretsKeyProblem)]
    public string SecretsKey { get; set; } = string.Empty;

    /// <summary>The public origin links are shown under (e.g. <c>https://go.example.com</c>); the request's own origin when empty.</summary>
    [Url(ErrorMessage = "Referrals:PublicBaseUrl must be an absolute URL such as https://go.example.com.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The origin of the pages (sign-in, portal, finance) when another host serves them than the links,
    /// as in Azure, where the Functions app serves links and the web front the pages; <see cref="PublicBaseUrl"/> when empty.
    /// </summary>
    [Url(ErrorMessage = "Referrals:WebBaseUrl must be an absolute URL such as https://partners.example.com.")]
    public string? WebBaseUrl { get; set; }

    /// <summary>
    /// The longest a conversion, lead or webhook request waits on storage before it is answered 503 with
    /// <c>Retry-After</c>, within the 10 s or so a payment provider waits before it gives up on a delivery.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Referrals:RequestTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Run the queue workers (attribution, stats) in this process. Off for a redirect-only instance.</summary>
    public bool RunWorkers { get; set; } = true;
}
