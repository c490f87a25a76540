using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Referrals.Storage;

/// <summary>
/// Where the tables and queues live and how the queue workers pace themselves. Bound by the host
/// (for example from the <c>Storage</c> configuration section) and validated at start.
/// </summary>
public sealed partial class StorageOptions
{
    /// <summary>The configuration section hosts conventionally bind these options from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The longest <see cref="Prefix"/> accepted: keeps every table and queue name within Azure's limits.</summary>
    public const int MaxPrefixLength = 20;

    /// <summary>
    /// An Azure Storage connection string (Azurite's included), or the https URI of the account such as
    /// <c>https://acct.table.core.windows.net</c> or <c>https://acct.blob.core.windows.net/</c>: then the
    /// table and queue endpoints are derived from the account name and <c>DefaultAzureCredential</c> signs in.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Prepended to every table and queue name, so several environments or tests can share one account:
    /// prefix <c>t3fa9</c> gives table <c>t3fa9Links</c> and queue <c>t3fa9-conversion-received</c>.
    /// Empty, or lowercase letters and digits starting with a letter, at most <see cref="MaxPrefixLength"/> characters.
    /// </summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>How many times a queue message is tried before it goes to the topic's poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The longest a queue worker waits between polls of an empty queue.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a received message stays hidden from other workers while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one attempt of a storage call may take before it is abandoned (the SDK's network
    /// timeout). The SDK's default is 100 s, far longer than any caller here can wait: a redirect
    /// answers within seconds and a payment provider gives up on a webhook after some 10 s.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times a failed or timed-out storage call is retried by the SDK (the first try not counted).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first delay between retries; later ones grow exponentially up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these options, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:{nameof(ConnectionString)} is required: an Azure Storage connection string, or the account's https URI to sign in with DefaultAzureCredential.");
        }
        else if (StorageEndpoints.IsAccountUri(ConnectionString) && !StorageEndpoints.TryFromAccountUri(ConnectionString, out _))
        {
            problems.Add($"{SectionName}:{nameof(ConnectionString)} '{ConnectionString}' is a URI but not of a storage account service, such as https://acct.table.core.windows.net.");
        }
        else if (!StorageEndpoints.IsAccountUri(ConnectionString) && ConnectionStringProblem(ConnectionString) is { } problem)
        {
            // The message never echoes the value: a connection string carries the account key.
            problems.Add($"{SectionName}:{nameof(ConnectionString)} is not a usable Azure Storage connection string ({problem}).");
        }

        if (Prefix is null || (Prefix.Length > 0 && !PrefixPattern().IsMatch(Prefix)))
        {
            problems.Add($"{SectionName}:{nameof(Prefix)} must be empty or lowercase letters and digits starting with a letter, at most {MaxPrefixLength} characters.");
        }

        if (MaxDequeueCount is < 1 or > 100)
        {
            problems.Add($"{SectionName}:{nameof(MaxDequeueCount)} must be between 1 and 100.");
        }

        if (QueuePollInterval <= TimeSpan.Zero || QueuePollInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:{nameof(QueuePollInterval)} must be greater than zero and at most 5 minutes.");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            problems.Add($"{SectionName}:{nameof(VisibilityTimeout)} must be between 1 second and 7 days.");
        }

        if (NetworkTimeout < TimeSpan.FromMilliseconds(100) || NetworkTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:{nameof(NetworkTimeout)} must be between 100 ms and 5 minutes.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            problems.Add($"{SectionName}:{nameof(MaxRetries)} must be between 0 and 10.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:{nameof(RetryDelay)} must be between 0 and 1 minute.");
        }

        if (MaxRetryDelay < RetryDelay || MaxRetryDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:{nameof(MaxRetryDelay)} must be at least {nameof(RetryDelay)} and at most 1 minute.");
        }

        return problems;
    }

    /// <summary>Sets <paramref name="options"/>' retry policy and network timeout from these options.</summary>
    public void ApplyTo(Azure.Core.ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
    }

    /// <summary>Why the clients refuse the connection string, or null when both accept it (no I/O happens here).</summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new QueueServiceClient(connectionString);
            return null;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            return exception.GetType().Name;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,19}$")]
    private static partial Regex PrefixPattern();
}
