using System.Reflection;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Referrals.Core.Events;

namespace Referrals.Storage;

/// <summary>
/// The storage account the adapters share: one table client and one queue client for the process,
/// and the naming of every table and queue under <see cref="Prefix"/>. Queue messages are plain UTF-8
/// JSON text (no base64), so they read the same in any tool.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The tables the adapters use, before the prefix.</summary>
    public static IReadOnlyList<string> TableNames { get; } =
        ["Programs", "Partners", "Links", "ReferralCodes", "Clicks", "Conversions", "Commissions", "Stats", "Payments", "IntegrationSecrets",
        "PayoutRuns", "PayoutLines", "PayoutAudit", "PayoutBalances", "DecisionLinkUses", "ApiKeys", "CustomerLocks", "Leads", "DeadLetters",
        "ProgramPartners", "PartnerLinks", "SignInLinks", "CustomerSales", "IgnoredEvents",
        "GroupMembers",
        "Reconciliations", "ReconciliationItems",
        "WebhookEndpoints", "WebhookDeliveries", "WebhookAttempts", "Changes", "IdempotentRequests",
        "ProgramSlugs", "JoinSettings", "ProgramTerms", "Agreements", "Applications",
        "ExchangeRates",
        "PartnerGroups", "PlanVersions", "GroupMoves", "PayoutDetails", "PartnerProfiles",
        "PartnerPlans", "SentEmails"];

    /// <summary>
    /// The topics that get a queue (and a poison queue) in <see cref="EnsureCreatedAsync"/>: every
    /// constant of <see cref="Topics"/>, so a topic added in Core gets its queue without a change here.
    /// </summary>
    public static IReadOnlyList<string> TopicNames { get; } = typeof(Topics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    public StorageAccount(IOptions<StorageOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    public StorageAccount(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), problems);
        }

        Options = options;
        Prefix = options.Prefix;
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };

        // Deliberately short: the SDK's defaults (100 s per attempt, 3 retries) would hold a visitor or
        // a payment provider for minutes while storage hangs; callers bound their own waits on top.
        options.ApplyTo(tableOptions);
        options.ApplyTo(queueOptions);
        if (StorageEndpoints.IsAccountUri(options.ConnectionString!))
        {
            StorageEndpoints.TryFromAccountUri(options.ConnectionString!, out var endpoints);
            TokenCredential credential = new DefaultAzureCredential();
            Tables = new TableServiceClient(endpoints!.Tables, credential, tableOptions);
            Queues = new QueueServiceClient(endpoints.Queues, credential, queueOptions);
        }
        else
        {
            Tables = new TableServiceClient(options.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public string Prefix { get; }

    /// <summary>The options this account was made from (queue pacing for the workers).</summary>
    internal StorageOptions Options { get; }

    /// <summary>The table's name in this account: <c>Links</c> becomes <c>{prefix}Links</c>.</summary>
    public string TableName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Prefix + name;
    }

    /// <summary>
    /// The topic's queue name: <c>conversion-received</c> becomes <c>{prefix}-conversion-received</c>, and a
    /// dot (not allowed in queue names) becomes a hyphen: <c>payout-run.approved</c> → <c>payout-run-approved</c>.
    /// </summary>
    public string QueueName(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        topic = topic.Replace('.', '-');
        return Prefix.Length == 0 ? topic : Prefix + "-" + topic;
    }

    /// <summary>Where messages of <paramref name="topic"/> that could not be handled end up.</summary>
    public string PoisonQueueName(string topic) => QueueName(topic) + "-poison";

    public TableClient GetTableClient(string name) => Tables.GetTableClient(TableName(name));

    public QueueClient GetQueueClient(string topic) => Queues.GetQueueClient(QueueName(topic));

    public QueueClient GetPoisonQueueClient(string topic) => Queues.GetQueueClient(PoisonQueueName(topic));

    /// <summary>Creates every table that does not exist yet (a host whose events travel elsewhere needs no queue).</summary>
    public Task EnsureTablesCreatedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(TableNames.Select(name => GetTableClient(name).CreateIfNotExistsAsync(cancellationToken)));

    /// <summary>Creates every table, topic queue and poison queue (and the e-mail outbox's and terms fan-out's) that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var tables = TableNames.Select(name => GetTableClient(name).CreateIfNotExistsAsync(cancellationToken));
        var queues = TopicNames.Append(Email.QueueEmailOutbox.Topic).Append(Joining.QueueTermsFanOut.Topic)
            .SelectMany(topic => new[] { QueueName(topic), PoisonQueueName(topic) })
            .Select(name => Queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(tables.Cast<Task>().Concat(queues));
    }
}
