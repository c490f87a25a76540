using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Referrals.Api.Payouts;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// A finance decision link walked through the Functions app as a notice's reader walks it: the page the
/// link opens (GET) decides nothing, its form's POST records the decision and wakes the run's
/// orchestration, which pays the run on the real Durable engine; a link that can no longer decide gets its page.
/// </summary>
public sealed class DecisionLinkFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IAsyncLifetime
{
    /// <summary>How long a test waits for the orchestration before it fails; never a claim about speed.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FunctionsApi _api = new(app);
    private DurableEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await DurableEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_link_opened_then_posted_pays_the_run_on_the_engine_and_a_second_post_is_refused_409()
    {
        var (runId, partnerName) = await RunAwaitingDecisionAsync();
        await _engine.StartWorkerAsync(Tasks());
        await PayoutOrchestrations.EnsureRunningAsync(_engine.Client, runId, default);
        await Until(async () => (await _engine.Client.GetInstanceAsync(runId))?.RuntimeStatus == OrchestrationRuntimeStatus.Running && _engine.Trace.Timers(runId).Count > 0, "the orchestration waits for finance");
        var link = await LinkAsync(runId, PayoutDecisionKind.Approve);

        var page = await OpenAsync(link);

        Assert.True(page.Status == 200, $"ShowDecisionLink answered {page}");
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains(partnerName, page.Body, StringComparison.Ordinal);
        Assert.Contains("id=\"lines\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("<span>Payable</span>", page.Body, StringComparison.Ordinal);
        Assert.Contains("decide by", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"approve\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"reject\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await RunAsync(runId)).State);

        var decided = await PostAsync(link, "decision=approve&reason=Matches+the+bank+balance");

        Assert.True(decided.Status == 202, $"DecideByLink answered {decided}");
        Assert.Contains("Decision recorded: the run is approved.", decided.Body, StringComparison.Ordinal);
        using var patience = new CancellationTokenSource(Patience);
        var completed = await _engine.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, patience.Token);
        Assert.Equal(PayoutRunState.Paid, completed.ReadOutputAs<PayoutRunState?>());
        var run = await RunAsync(runId);
        Assert.Equal(PayoutRunState.Paid, run.State);
        Assert.Contains(run.Timeline, step => step.Event == "approved" && step.Reason == "Matches the bank balance");

        var again = await PostAsync(link, "decision=approve&reason=Once+more");

        Assert.True(again.Status == 409, $"A second POST of the link answered {again}");
        Assert.Contains("Already decided", again.Body, StringComparison.Ordinal);
        Assert.Single((await RunAsync(runId)).Timeline, step => step.Event == "approved");
    }

    [Fact]
    public async Task An_expired_link_gets_its_410_page_and_an_altered_one_its_400_page_and_neither_decides()
    {
        var (runId, _) = await RunAwaitingDecisionAsync();
        var key = app.Services.GetRequiredService<IOptions<PayoutOptions>>().Value.LinkKey;
        var expired = DecisionLink.Create(key, runId, PayoutDecisionKind.Approve, DateTimeOffset.UtcNow.AddMinutes(-1));
        var valid = await LinkAsync(runId, PayoutDecisionKind.Approve);
        var altered = valid[..^2] + (valid[^2] == 'A' ? "B" : "A") + valid[^1];

        var expiredPage = await OpenAsync(expired);
        var expiredPost = await PostAsync(expired, "decision=approve&reason=late");
        var alteredPage = await OpenAsync(altered);
        var alteredPost = await PostAsync(altered, "decision=approve&reason=forged");

        Assert.True(expiredPage.Status == 410, $"An expired link's page answered {expiredPage}");
        Assert.Contains("Link expired", expiredPage.Body, StringComparison.Ordinal);
        Assert.Equal(410, expiredPost.Status);
        Assert.True(alteredPage.Status == 400, $"An altered link's page answered {alteredPage}");
        Assert.Contains("Invalid link", alteredPage.Body, StringComparison.Ordinal);
        Assert.Equal(400, alteredPost.Status);
        Assert.Equal(PayoutRunState.AwaitingDecision, (await RunAsync(runId)).State);
    }

    [Fact]
    public async Task A_post_without_a_complete_decision_is_answered_400_on_the_page_and_leaves_the_link_usable()
    {
        var (runId, _) = await RunAwaitingDecisionAsync();
        var link = await LinkAsync(runId, PayoutDecisionKind.Reject);

        var incomplete = await PostAsync(link, "decision=reject&reason=");
        var wrong = await PostAsync(link, "decision=approve&reason=Looks+fine");
        var rejected = await PostAsync(link, "decision=reject&reason=Numbers+are+off");

        Assert.True(incomplete.Status == 400, $"An incomplete decision answered {incomplete}");
        Assert.Contains(DecisionForm.Incomplete, incomplete.Body, StringComparison.Ordinal);
        Assert.Equal(400, wrong.Status);
        Assert.True(rejected.Status == 200, $"The rejection (no orchestration running) answered {rejected}");
        Assert.Equal(PayoutRunState.Rejected, (await RunAsync(runId)).State);
    }

    private Task<FunctionAnswer> OpenAsync(string token) =>
        app.CallAsync<PayoutDecisionFunctions>(
            FunctionRequest.Get($"/payout-decisions/{token}"),
            (functions, request) => functions.ShowDecisionLinkAsync(request, token));

    private Task<FunctionAnswer> PostAsync(string token, string form) =>
        app.CallAsync<PayoutDecisionFunctions>(
            FunctionRequest.Post($"/payout-decisions/{token}", form) with { ContentType = "application/x-www-form-urlencoded" },
            (functions, request) => functions.DecideByLinkAsync(request, token, _engine.Client));

    /// <summary>The link a notice would carry for <paramref name="decision"/>, valid until the run's deadline.</summary>
    private async Task<string> LinkAsync(string runId, PayoutDecisionKind decision)
    {
        var run = await RunAsync(runId);
        var key = app.Services.GetRequiredService<IOptions<PayoutOptions>>().Value.LinkKey;
        return DecisionLink.Create(key, runId, decision, run.Deadline!.Value);
    }

    private async Task<PayoutRun> RunAsync(string runId) =>
        (await app.Services.GetRequiredService<IPayoutRunStore>().GetAsync(runId, CancellationToken.None))!.Value.Run;

    /// <summary>The real orchestrator and activities over the app's own services, as the worker registers them.</summary>
    private Action<DurableTaskRegistry> Tasks() => PayoutRunWorld.TasksOf(ActivatorUtilities.CreateInstance<PayoutActivities>(app.Services));

    /// <summary>A program whose partner earned a commission, and the run of its closed period, advanced to awaiting finance's decision.</summary>
    private async Task<(string RunId, string PartnerName)> RunAwaitingDecisionAsync()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var partnerName = (await app.Services.GetRequiredService<Referrals.Core.Partners.IPartnerStore>().GetAsync(partnerId, CancellationToken.None))!.Name;
        var conversionId = Identifiers.New("cv");
        await app.Services.GetRequiredService<ICommissionStore>().TryCreateAsync(
            new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, new Money(2_500, "EUR"), new Money(12_500, "EUR"), CommissionPlanKind.Percent, 20m, "sale", DateTimeOffset.UtcNow.AddDays(-60)),
            CancellationToken.None);
        var started = await app.Services.GetRequiredService<StartPayoutRun>().ExecuteAsync(programId, DateTimeOffset.UtcNow.AddSeconds(-1), "admin", CancellationToken.None);
        var runId = Assert.IsType<StartPayoutRunOutcome.Started>(started).Run.Id;
        var run = await app.Services.GetRequiredService<PayoutRunSteps>().AdvanceAsync(runId, CancellationToken.None);
        Assert.Equal(PayoutRunState.AwaitingDecision, run?.State);
        return (runId, partnerName);
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            }

            await Task.Delay(25);
        }
    }
}
