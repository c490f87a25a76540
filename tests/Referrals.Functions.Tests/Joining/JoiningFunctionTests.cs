using System.Net;
using System.Net.Sockets;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Referrals.Api.Email;
using Referrals.Api.Joining;
using Referrals.Core.Email;
using Referrals.Core.Joining;
using Referrals.Functions.Email;
using Referrals.Functions.Hosting;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Email;
using Referrals.Storage.Events;

namespace Referrals.Functions.Tests.Joining;

/// <summary>Terms and the review of applications through the functions, and the e-mail outbox's queue-triggered function.</summary>
public sealed class JoiningFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task An_application_is_approved_through_the_function_once_and_the_partner_shows_the_agreement()
    {
        var programId = await _api.CreateProgramAsync();
        var terms = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/terms", new { text = "Promote honestly." }).WithAdminKey(),
            (functions, request) => functions.PublishTermsAsync(request, programId));
        Assert.True(terms.Status == 201, $"PublishTerms answered {terms}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var submit = scope.ServiceProvider.GetRequiredService<SubmitApplication>();
            var links = new PortalLinks(scope.ServiceProvider.GetRequiredService<Api.Security.SignInLinks>(), "https://go.example.com");
            var outcome = await submit.ExecuteAsync(programId, new ApplicationDraft("Grace", "grace@example.com", null, null, null, AcceptsTerms: true), 1, "hash", links, default);
            Assert.IsType<SubmitApplicationOutcome.Submitted>(outcome);
        }

        var pending = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/applications?status=pending").WithAdminKey(),
            (functions, request) => functions.ListApplicationsAsync(request, programId));
        var applicationId = Assert.Single(pending.Json.EnumerateArray()).GetProperty("id").GetString()!;
        var decided = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/applications/{applicationId}/decision", new { decision = "approve" }).WithAdminKey(),
            (functions, request) => functions.DecideApplicationAsync(request, programId, applicationId));
        var again = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/applications/{applicationId}/decision", new { decision = "approve" }).WithAdminKey(),
            (functions, request) => functions.DecideApplicationAsync(request, programId, applicationId));

        Assert.True(decided.Status == 200, $"DecideApplication answered {decided}");
        Assert.Equal(409, again.Status);
        var partnerId = decided.Json.GetProperty("partnerId").GetString()!;
        var partner = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/partners/{partnerId}").WithAdminKey(),
            (functions, request) => functions.GetPartnerAsync(request, partnerId));
        Assert.Equal(1, partner.Json.GetProperty("agreement").GetProperty("version").GetInt32());
        var program = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}").WithAdminKey(),
            (functions, request) => functions.GetProgramAsync(request, programId));
        Assert.StartsWith("test-program", program.Json.GetProperty("slug").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_that_fails_is_retried_by_the_queue_and_on_its_last_try_goes_to_the_programs_dead_letters()
    {
        var account = app.Services.GetRequiredService<StorageAccount>();
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>();
        var sender = new SmtpEmailSender(Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = ClosedPort(), From = "partners@shop.example.com" }));
        var function = new EmailOutboxFunction(new SendEmail(sender, app.Services.GetRequiredService<ISentEmails>(), TimeProvider.System),
            new StorageQueueTries(new DeadLetterWriter(account, TimeProvider.System), options), NullLogger<EmailOutboxFunction>.Instance);
        var email = new EmailMessage("prg_mailtest", "Mail test", ["ada@example.com"], "Hello", "Hello", "<p>Hello</p>");
        var text = System.Text.Json.JsonSerializer.Serialize(email, EventSerializer.Options);

        await Assert.ThrowsAnyAsync<Exception>(() => function.RunAsync(Message(text, dequeueCount: 1), default));
        Assert.Empty(await new DeadLetterQueue(account).ListAsync("prg_mailtest", null, 10, default));

        await function.RunAsync(Message(text, dequeueCount: options.Value.MaxDequeueCount), default);

        var letter = Assert.Single(await new DeadLetterQueue(account).ListAsync("prg_mailtest", null, 10, default));
        Assert.Equal(QueueEmailOutbox.Topic, letter.Topic);
        Assert.Equal(text, letter.Message);
    }

    private static QueueMessage Message(string text, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m-" + Guid.NewGuid().ToString("N"), "receipt", BinaryData.FromString(text), dequeueCount);

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
