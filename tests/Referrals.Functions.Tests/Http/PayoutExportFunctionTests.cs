using Microsoft.Extensions.DependencyInjection;
using Referrals.Core;
using Referrals.Core.Access;
using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Functions.Payouts;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>A paid run's exports through the Functions app's HTTP functions, over the same handlers the server maps.</summary>
public sealed class PayoutExportFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_paid_run_lists_its_exports_and_downloads_the_PayPal_batch_and_the_journal()
    {
        var (runId, partnerId) = await RunAsync(pay: true);
        var financeKey = await _api.IssueKeyAsync(ApiKeyRoles.Finance);

        var list = await app.CallAsync<PayoutRunFunctions>(
            FunctionRequest.Get($"/api/v1/payout-runs/{runId}/exports") with { ApiKey = financeKey },
            (functions, request) => functions.ListExportsAsync(request, runId));
        var paypal = await GetAsync(runId, "paypal", financeKey);
        var journal = await GetAsync(runId, "journal", financeKey);

        Assert.True(list.Status == 200, $"ListPayoutExports answered {list}");
        Assert.Equal(2_500, list.Json.GetProperty("paidAmount").GetInt64());
        Assert.True(paypal.Status == 200, $"GetPayoutExport answered {paypal}");
        Assert.Equal("text/csv", paypal.ContentType);
        Assert.StartsWith($"ada.paypal@example.com,25.00,EUR,{Identifiers.Stable("po", runId, partnerId)},", paypal.Body, StringComparison.Ordinal);
        Assert.Equal("0", paypal.Headers["Payout-Lines-Missing-Details"].ToString());
        Assert.Equal(200, journal.Status);
        Assert.Contains(",6150,Tax Exempt,25.00,", journal.Body, StringComparison.Ordinal);
        Assert.Contains(",2150,Tax Exempt,-25.00,", journal.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_awaiting_its_decision_has_no_exports_yet()
    {
        var (runId, _) = await RunAsync(pay: false);

        var answer = await GetAsync(runId, "wise", await _api.IssueKeyAsync(ApiKeyRoles.Finance));

        Assert.Equal(409, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    private Task<FunctionAnswer> GetAsync(string runId, string format, string key) =>
        app.CallAsync<PayoutRunFunctions>(
            FunctionRequest.Get($"/api/v1/payout-runs/{runId}/exports/{format}") with { ApiKey = key },
            (functions, request) => functions.GetExportAsync(request, runId, format));

    /// <summary>A program whose partner (paid by PayPal) earned 25.00 EUR, and its run, awaiting a decision or approved and paid.</summary>
    private async Task<(string RunId, string PartnerId)> RunAsync(bool pay)
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var details = new PayoutDetails(PayoutMethod.PayPal, "ada.paypal@example.com", null, null);
        await app.Services.GetRequiredService<IPayoutDetailsStore>().SetAsync(
            partnerId, details, new PayoutDetailsChange(partnerId, DateTimeOffset.UtcNow, "admin", PayoutMethod.PayPal, details.Masked()), CancellationToken.None);
        var conversionId = Identifiers.New("cv");
        await app.Services.GetRequiredService<ICommissionStore>().TryCreateAsync(
            new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, new Money(2_500, "EUR"), new Money(12_500, "EUR"), CommissionPlanKind.Percent, 20m, "sale", DateTimeOffset.UtcNow.AddDays(-60)),
            CancellationToken.None);
        var started = await app.Services.GetRequiredService<StartPayoutRun>().ExecuteAsync(programId, DateTimeOffset.UtcNow.AddSeconds(-1), "admin", CancellationToken.None);
        var runId = Assert.IsType<StartPayoutRunOutcome.Started>(started).Run.Id;
        var steps = app.Services.GetRequiredService<PayoutRunSteps>();
        Assert.Equal(PayoutRunState.AwaitingDecision, (await steps.AdvanceAsync(runId, CancellationToken.None))?.State);
        if (pay)
        {
            var decided = await app.Services.GetRequiredService<DecidePayoutRun>().ExecuteAsync(
                runId, new PayoutDecision(PayoutDecisionKind.Approve, "finance", "Matches the ledger", new Dictionary<string, string>()), CancellationToken.None);
            Assert.IsType<PayoutDecisionResult.Decided>(decided);
            var run = await steps.AdvanceAsync(runId, CancellationToken.None);
            Assert.Equal(PayoutRunState.Paid, run?.State);
        }

        return (runId, partnerId);
    }
}
