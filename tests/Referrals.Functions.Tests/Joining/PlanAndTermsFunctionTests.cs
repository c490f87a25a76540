using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Referrals.Core.Email;
using Referrals.Core.Joining;
using Referrals.Functions.Email;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Email;
using Referrals.Storage.Events;
using Referrals.Storage.Joining;

namespace Referrals.Functions.Tests.Joining;

/// <summary>A partner's own plan through the functions, and the terms fan-out's queue-triggered function.</summary>
public sealed class PlanAndTermsFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_partners_own_plan_is_set_and_removed_through_the_functions_and_shows_on_the_partner()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);

        var set = await app.CallAsync<GroupFunctions>(
            FunctionRequest.PutJson($"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 35 }).WithAdminKey(),
            (functions, request) => functions.SetPartnerPlanAsync(request, partnerId));
        var partner = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/partners/{partnerId}").WithAdminKey(),
            (functions, request) => functions.GetPartnerAsync(request, partnerId));
        var invalid = await app.CallAsync<GroupFunctions>(
            FunctionRequest.PutJson($"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 300 }).WithAdminKey(),
            (functions, request) => functions.SetPartnerPlanAsync(request, partnerId));
        var removed = await app.CallAsync<GroupFunctions>(
            new FunctionRequest("DELETE", $"/api/v1/partners/{partnerId}/plan").WithAdminKey(),
            (functions, request) => functions.RemovePartnerPlanAsync(request, partnerId));
        var unknown = await app.CallAsync<GroupFunctions>(
            new FunctionRequest("DELETE", "/api/v1/partners/prt_nope/plan").WithAdminKey(),
            (functions, request) => functions.RemovePartnerPlanAsync(request, "prt_nope"));

        Assert.True(set.Status == 200, $"SetPartnerPlan answered {set}");
        Assert.Equal(("partner", 1), (set.Json.GetProperty("planSource").GetString(), set.Json.GetProperty("planVersion").GetInt32()));
        Assert.Equal(("partner", 35m), (partner.Json.GetProperty("planInForce").GetProperty("source").GetString(), partner.Json.GetProperty("planInForce").GetProperty("plan").GetProperty("percent").GetDecimal()));
        Assert.Equal(400, invalid.Status);
        Assert.True(removed.Status == 200, $"RemovePartnerPlan answered {removed}");
        Assert.Equal("program", removed.Json.GetProperty("planSource").GetString());
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Published_terms_leave_one_work_item_whose_fan_out_queues_one_email_per_partner_under_the_same_ids_when_run_again()
    {
        var programId = await _api.CreateProgramAsync();
        var partners = new[] { await _api.AddPartnerAsync(programId), await _api.AddPartnerAsync(programId), await _api.AddPartnerAsync(programId) };
        var account = app.Services.GetRequiredService<StorageAccount>();
        var workItems = account.GetQueueClient(QueueTermsFanOut.Topic);
        var outbox = account.GetQueueClient(QueueEmailOutbox.Topic);
        await workItems.CreateIfNotExistsAsync();
        await workItems.ClearMessagesAsync();
        await outbox.CreateIfNotExistsAsync();
        await outbox.ClearMessagesAsync();

        var published = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/terms", new { text = "Promote honestly." }).WithAdminKey(),
            (functions, request) => functions.PublishTermsAsync(request, programId));
        Assert.True(published.Status == 201, $"PublishTerms answered {published}");
        var item = Assert.Single((await workItems.ReceiveMessagesAsync(32)).Value);
        var function = ActivatorUtilities.CreateInstance<TermsFanOutFunction>(app.Services);
        await function.RunAsync(item, default);
        await function.RunAsync(item, default);

        var queued = new List<EmailMessage>();
        QueueMessage[] batch;
        do
        {
            batch = (await outbox.ReceiveMessagesAsync(32)).Value;
            queued.AddRange(batch.Select(message => JsonSerializer.Deserialize<EmailMessage>(message.Body.ToString(), EventSerializer.Options)!));
        }
        while (batch.Length > 0);

        Assert.Equal(6, queued.Count);
        Assert.Equal(partners.Select(partner => NotifyNewTerms.EmailIdFor(programId, 1, partner)).Order(StringComparer.Ordinal), queued.Select(email => email.Id!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(queued, email => Assert.Contains("new terms to accept", email.Subject, StringComparison.Ordinal));

        // Sending each queued e-mail marks its id; the second copy of each is then skipped.
        var send = ActivatorUtilities.CreateInstance<EmailOutboxFunction>(app.Services);
        foreach (var email in queued)
        {
            await send.RunAsync(QueuesModelFactory.QueueMessage("m-" + Guid.NewGuid().ToString("N"), "receipt", BinaryData.FromString(JsonSerializer.Serialize(email, EventSerializer.Options)), 1), default);
        }

        var sent = app.Services.GetRequiredService<ISentEmails>();
        foreach (var partner in partners)
        {
            Assert.True(await sent.WasSentAsync(NotifyNewTerms.EmailIdFor(programId, 1, partner), default));
        }
    }

    [Fact]
    public async Task A_terms_fan_out_failing_on_its_last_try_is_listed_in_the_programs_dead_letters_and_a_retry_queues_it_again()
    {
        var programId = await _api.CreateProgramAsync();
        await _api.AddPartnerAsync(programId);
        var published = await app.CallAsync<JoiningFunctions>(
            FunctionRequest.PutJson($"/api/v1/programs/{programId}/terms", new { text = "Promote honestly." }).WithAdminKey(),
            (functions, request) => functions.PublishTermsAsync(request, programId));
        Assert.True(published.Status == 201, $"PublishTerms answered {published}");
        var account = app.Services.GetRequiredService<StorageAccount>();
        var workItems = account.GetQueueClient(QueueTermsFanOut.Topic);
        await workItems.ClearMessagesAsync();

        // A portal address this long makes an e-mail bigger than a queue message may hold: the outbox refuses it every time.
        var text = EventEnvelope.For(QueueTermsFanOut.Topic, new TermsPublished(programId, 1, "https://portal.example.com/" + new string('a', 40_000))).Body;
        var maxTries = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.MaxDequeueCount;
        var function = ActivatorUtilities.CreateInstance<TermsFanOutFunction>(app.Services);
        await Assert.ThrowsAsync<InvalidOperationException>(() => function.RunAsync(Message(text, dequeueCount: 1), default));
        var beforeLastTry = await ListDeadLettersAsync(programId);
        await function.RunAsync(Message(text, dequeueCount: maxTries), default);
        var listed = await ListDeadLettersAsync(programId);

        Assert.Empty(beforeLastTry.EnumerateArray());
        var letter = Assert.Single(listed.EnumerateArray());
        Assert.Equal((QueueTermsFanOut.Topic, text), (letter.GetProperty("topic").GetString(), letter.GetProperty("message").GetString()));
        Assert.Contains("a queue message holds at most", letter.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountPoisonedAsync(account, programId));

        var id = letter.GetProperty("id").GetString()!;
        var retried = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/dead-letters/{id}/retry", string.Empty).WithAdminKey(),
            (functions, request) => functions.RetryAsync(request, programId, id));

        Assert.True(retried.Status == 202, $"RetryDeadLetter answered {retried}");
        Assert.Equal(text, Assert.Single((await workItems.ReceiveMessagesAsync(32)).Value).Body.ToString());
        Assert.Empty((await ListDeadLettersAsync(programId)).EnumerateArray());
        Assert.Equal(0, await CountPoisonedAsync(account, programId));
    }

    [Fact]
    public async Task A_terms_work_item_that_is_no_publication_goes_to_the_programs_dead_letters_at_once()
    {
        var programId = await _api.CreateProgramAsync();
        var text = $$"""{"programId":"{{programId}}","version":"first"}""";
        var function = ActivatorUtilities.CreateInstance<TermsFanOutFunction>(app.Services);

        await function.RunAsync(Message(text, dequeueCount: 1), default);

        var letter = Assert.Single((await ListDeadLettersAsync(programId)).EnumerateArray());
        Assert.Equal((QueueTermsFanOut.Topic, text), (letter.GetProperty("topic").GetString(), letter.GetProperty("message").GetString()));
    }

    private async Task<JsonElement> ListDeadLettersAsync(string programId)
    {
        var answer = await app.CallAsync<DeadLetterFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/dead-letters").WithAdminKey(),
            (functions, request) => functions.ListAsync(request, programId));
        Assert.True(answer.Status == 200, $"ListDeadLetters answered {answer}");
        return answer.Json;
    }

    private static async Task<int> CountPoisonedAsync(StorageAccount account, string programId) =>
        (await account.GetPoisonQueueClient(QueueTermsFanOut.Topic).PeekMessagesAsync(32)).Value.Count(message => message.Body.ToString().Contains(programId, StringComparison.Ordinal));

    private static QueueMessage Message(string text, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m-" + Guid.NewGuid().ToString("N"), "receipt", BinaryData.FromString(text), dequeueCount);
}
