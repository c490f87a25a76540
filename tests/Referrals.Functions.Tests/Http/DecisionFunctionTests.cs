using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core;
using Referrals.Core.Access;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>
/// Finance's decision through the function, with a real Durable client (the in-process engine): with no
/// orchestration for the run the decision is recorded and the run carried out at once; with one running,
/// the decision is recorded first and the orchestration only woken.
/// </summary>
public sealed class DecisionFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IAsyncLifetime
{
    private readonly FunctionsApi _api = new(app);
    private DurableTaskTestHost? _durable;

    // A stand-in for the run's orchestration: it only waits to be woken, and says with what.
    public async Task InitializeAsync() => _durable = await DurableTaskTestHost.StartAsync(tasks => tasks.AddOrchestratorFunc<string, string>(
        PayoutRunOrchestrator.Name,
        async (context, _) => await context.WaitForExternalEvent<PayoutDecision?>(PayoutRunOrchestrator.DecisionEvent) is null ? "woken to look again" : "woken with a decision"));

    public async Task DisposeAsync()
    {
        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_finance_approval_with_no_orchestration_running_records_the_decision_and_pays_the_run()
    {
        var runId = await RunAwaitingDecisionAsync();
        var financeKey = await _api.IssueKeyAsync(ApiKeyRoles.Finance);

        var answer = await app.CallAsync<PayoutDecisionFunctions>(
            FunctionRequest.PostJson($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "Matches the ledger" }) with { ApiKey = financeKey },
            (functions, request) => functions.DecideAsync(request, runId, _durable!.Client));

        Assert.True(answer.Status == 200, $"DecidePayoutRun answered {answer}");
        Assert.Equal("paid", answer.Json.GetProperty("state").GetString());
        var approval = answer.Json.GetProperty("timeline").EnumerateArray().Single(entry => entry.GetProperty("event").GetString() == "approved");
        Assert.Equal("Matches the ledger", approval.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_finance_approval_while_the_orchestration_runs_is_recorded_before_it_is_woken_and_answered_202()
    {
        var runId = await RunAwaitingDecisionAsync();
        var financeKey = await _api.IssueKeyAsync(ApiKeyRoles.Finance);
        await _durable!.Client.ScheduleNewOrchestrationInstanceAsync(PayoutRunOrchestrator.Name, runId, new Microsoft.DurableTask.StartOrchestrationOptions(runId));
        await _durable.Client.WaitForInstanceStartAsync(runId);

        var answer = await app.CallAsync<PayoutDecisionFunctions>(
            FunctionRequest.PostJson($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "Matches the ledger" }) with { ApiKey = financeKey },
            (functions, request) => functions.DecideAsync(request, runId, _durable.Client));

        Assert.True(answer.Status == 202, $"DecidePayoutRun answered {answer}");
        Assert.Equal($"/api/v1/payout-runs/{runId}", answer.Headers.Location.ToString());
        Assert.Equal("approved", answer.Json.GetProperty("state").GetString());
        var stored = await app.Services.GetRequiredService<IPayoutRunStore>().GetAsync(runId, CancellationToken.None);
        Assert.Equal(PayoutRunState.Approved, stored?.Run.State);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var woken = await _durable.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("woken to look again", woken.ReadOutputAs<string>());
    }

    /// <summary>A program whose partner earned a commission, and the run of its closed period, advanced to awaiting finance's decision.</summary>
    private async Task<string> RunAwaitingDecisionAsync()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var conversionId = Identifiers.New("cv");
        await app.Services.GetRequiredService<ICommissionStore>().TryCreateAsync(
            new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, new Money(2_500, "EUR"), new Money(12_500, "EUR"), CommissionPlanKind.Percent, 20m, "sale", DateTimeOffset.UtcNow.AddDays(-60)),
            CancellationToken.None);

        var started = await app.Services.GetRequiredService<StartPayoutRun>().ExecuteAsync(programId, DateTimeOffset.UtcNow.AddSeconds(-1), "admin", CancellationToken.None);
        var runId = Assert.IsType<StartPayoutRunOutcome.Started>(started).Run.Id;
        var run = await app.Services.GetRequiredService<PayoutRunSteps>().AdvanceAsync(runId, CancellationToken.None);
        Assert.Equal(PayoutRunState.AwaitingDecision, run?.State);
        return runId;
    }
}
