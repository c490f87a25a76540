using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Email;
using Referrals.Core.Events;
using Referrals.Core.Joining;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Email;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>New terms reach every partner through a fan-out work item, over a real SMTP server, and a fan-out run again sends nobody a second e-mail.</summary>
public sealed class TermsFanOutTests : ServerTest, IDisposable
{
    private const int Partners = 7;
    private readonly SmtpCapture _smtp = new();

    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>(_smtp.Settings));

    public void Dispose() => _smtp.Dispose();

    [Fact]
    public async Task Publishing_terms_emails_each_active_partner_once_and_a_second_fan_out_sends_none_twice()
    {
        var programId = await Api.CreateProgramAsync();
        var recipients = new List<string>();
        for (var i = 0; i < Partners; i++)
        {
            recipients.Add($"partner{i}@example.com");
            await Api.CreatePartnerAsync(programId, recipients[^1]);
        }

        await Api.CreatePartnerAsync(programId, "suspended@example.com", status: "suspended");

        using (var published = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{programId}/terms", new { text = "Promote honestly." }))
        {
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }

        foreach (var recipient in recipients)
        {
            await _smtp.WaitForAsync(recipient, "new terms to accept");
        }

        // The fan-out delivered again (as after a crash midway): the same e-mails are queued a second time.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var fanOut = scope.ServiceProvider.GetRequiredService<IEventHandler<TermsPublished>>();
            await fanOut.HandleAsync(new TermsPublished(programId, 1, "https://go.example.com/portal"), default);
            await scope.ServiceProvider.GetRequiredService<IEmailOutbox>().EnqueueAsync(
                new EmailMessage(programId, "Test program", ["last@example.com"], "Sent after the second fan-out", "Last.", "<p>Last.</p>"), default);
        }

        await _smtp.WaitForAsync("last@example.com", "Sent after the second fan-out");
        await OutboxDrainedAsync();

        var notices = _smtp.Received.Where(message => (message.Subject ?? string.Empty).Contains("new terms to accept", StringComparison.Ordinal)).ToArray();
        Assert.Equal(recipients.Order(StringComparer.Ordinal), notices.Select(message => message.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(notices, notice => Assert.StartsWith($"terms-{programId}-1-", notice.MessageId, StringComparison.Ordinal));
        Assert.DoesNotContain(_smtp.Received, message => message.To.Mailboxes.Any(box => box.Address == "suspended@example.com"));
    }

    [Fact]
    public async Task A_fan_out_of_a_version_already_replaced_sends_nothing()
    {
        var programId = await Api.CreateProgramAsync();
        await Api.CreatePartnerAsync(programId, "ada@example.com");
        await using var scope = App.Services.CreateAsyncScope();
        var terms = scope.ServiceProvider.GetRequiredService<ITermsStore>();
        await terms.TryAddAsync(ProgramTerms.Create(programId, 1, "First.", DateTimeOffset.UtcNow), default);
        await terms.TryAddAsync(ProgramTerms.Create(programId, 2, "Second.", DateTimeOffset.UtcNow), default);
        var fanOut = scope.ServiceProvider.GetRequiredService<IEventHandler<TermsPublished>>();

        await fanOut.HandleAsync(new TermsPublished(programId, 1, "https://go.example.com/portal"), default);
        await fanOut.HandleAsync(new TermsPublished(programId, 2, "https://go.example.com/portal"), default);

        var notice = await _smtp.WaitForAsync("ada@example.com", "new terms to accept");
        await OutboxDrainedAsync();
        Assert.Contains("version 2", notice.TextBody, StringComparison.Ordinal);
        Assert.Single(_smtp.Received);
    }

    private QueueClient Queue(string topic) =>
        new StorageAccount(new StorageOptions { ConnectionString = App.ConnectionString, Prefix = App.Prefix }).GetQueueClient(topic);

    /// <summary>Waits until the e-mail outbox holds no message, visible or being handled.</summary>
    private async Task OutboxDrainedAsync() =>
        await Eventually.ReturnsAsync(async () => (await Queue(QueueEmailOutbox.Topic).GetPropertiesAsync()).Value.ApproximateMessagesCount, count => count == 0);
}
