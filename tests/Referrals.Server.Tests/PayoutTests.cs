using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Api.Payouts;
using Referrals.Server.Payouts;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Commissions;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>Payout runs through HTTP over Azurite: start, decide (key or signed link), pay, payout file.</summary>
public sealed class PayoutTests : ServerTest
{
    private const string LinkSecret = "dev-decision-link-secret-not-for-production";

    private async Task<(string ProgramId, string Ada, string Bob)> ProgramWithEarningsAsync()
    {
        var programId = (await Api.PostAsync("/api/v1/programs", new
        {
            name = "Payouts",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 0,
            minimumPayout = 1_000,
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await Api.CreatePartnerAsync(programId, "ada@example.com");
        var bob = await Api.CreatePartnerAsync(programId, "bob@example.com");
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = App.ConnectionString, Prefix = App.Prefix }));
        var earned = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var (partner, amount, n) in new[] { (ada, 2_500L, 1), (ada, 1_200L, 2), (bob, 400L, 3) })
        {
            var conversionId = Identifiers.New("cv");
            await store.TryCreateAsync(
                new Commission(Commission.IdFor(conversionId), programId, partner, conversionId, CommissionStatus.Pending, new Money(amount, "EUR"), new Money(amount * 5, "EUR"), CommissionPlanKind.Percent, 20m, $"sale {n}", earned),
                default);
        }

        return (programId, ada, bob);
    }

    private async Task<JsonElement> StartRunAsync(string programId, HttpStatusCode expected = HttpStatusCode.Created) =>
        await Api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, expected);

    private async Task<HttpClient> FinanceClientAsync()
    {
        var key = await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Erin" }, HttpStatusCode.Created);
        var client = App.CreateVisitorClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.GetProperty("key").GetString());
        return client;
    }

    [Fact]
    public async Task Two_concurrent_starts_of_the_same_period_give_one_run()
    {
        var (programId, _, _) = await ProgramWithEarningsAsync();
        var body = new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Api.Client.PostAsJsonAsync($"/api/v1/programs/{programId}/payout-runs", body)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], responses.Select(r => r.StatusCode).Order());
        var ids = await Task.WhenAll(responses.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        var run = await Api.GetAsync($"/api/v1/payout-runs/{ids[0]}");
        Assert.Equal("awaitingDecision", run.GetProperty("state").GetString());
        Assert.Equal(2, run.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task A_finance_key_approves_the_run_and_the_payout_file_lists_the_paid_lines()
    {
        var (programId, ada, bob) = await ProgramWithEarningsAsync();
        var run = await StartRunAsync(programId);
        var runId = run.GetProperty("id").GetString()!;
        var lines = run.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("partnerId").GetString()!);
        Assert.Equal(3_700, lines[ada].GetProperty("amount").GetInt64());
        Assert.Equal("carried", lines[bob].GetProperty("status").GetString());

        using var finance = await FinanceClientAsync();
        using var decided = await finance.PostAsJsonAsync($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "Matches the ledger" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var paid = JsonDocument.Parse(await decided.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("paid", paid.GetProperty("state").GetString());
        var approval = paid.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("event").GetString() == "approved");
        Assert.StartsWith("finance:Erin", approval.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Equal("Matches the ledger", approval.GetProperty("reason").GetString());

        var csv = await finance.GetStringAsync($"/api/v1/payout-runs/{runId}/payouts.csv");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("partner,email,amount,currency,reference", rows[0]);
        Assert.Equal($"{ada},ada@example.com,37.00,EUR,{Identifiers.Stable("po", runId, ada)}", Assert.Single(rows[1..]));
        var commissions = await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={ada}");
        Assert.All(commissions.EnumerateArray(), c => Assert.Equal("paid", c.GetProperty("status").GetString()));
        Assert.Equal("approved", (await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={bob}"))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_a_key_or_with_a_finance_key_for_admin_work_the_request_is_refused()
    {
        var (programId, _, _) = await ProgramWithEarningsAsync();
        var runId = (await StartRunAsync(programId)).GetProperty("id").GetString()!;
        using var finance = await FinanceClientAsync();

        using var anonymous = await Visitor.PostAsJsonAsync($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "x" });
        using var wrongKey = App.CreateVisitorClient();
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rk_not-a-key-at-all");
        using var forged = await wrongKey.PostAsJsonAsync($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "x" });
        using var financeStarts = await finance.PostAsJsonAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow });
        using var financeIssuesKeys = await finance.PostAsJsonAsync("/api/v1/keys", new { role = "admin", name = "me" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, financeStarts.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, financeIssuesKeys.StatusCode);
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{runId}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_decision_link_opens_the_runs_page_decides_once_and_refuses_altered_or_expired_links()
    {
        var (programId, _, _) = await ProgramWithEarningsAsync();
        var runId = (await StartRunAsync(programId)).GetProperty("id").GetString()!;
        var key = Encoding.UTF8.GetBytes(LinkSecret);
        var token = DecisionLink.Create(key, runId, PayoutDecisionKind.Reject, DateTimeOffset.UtcNow.AddDays(1));
        var expired = DecisionLink.Create(key, runId, PayoutDecisionKind.Approve, DateTimeOffset.UtcNow.AddSeconds(-1));
        var tampered = DecisionLink.Create(key, runId, PayoutDecisionKind.Approve, DateTimeOffset.UtcNow.AddDays(1)).Split('.')[0] + "." + token.Split('.')[1];

        using var page = await Visitor.GetAsync($"/payout-decisions/{token}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"action=\"/payout-decisions/{token}?handler=Decide\"", html, StringComparison.Ordinal);
        Assert.Contains("Reject the run", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Approve (pay", html, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{runId}")).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await Visitor.GetAsync($"/payout-decisions/{tampered}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await Visitor.GetAsync($"/payout-decisions/{expired}")).StatusCode);
        var antiforgery = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideByLink(token, null, "reject", "Without the form's token")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideByLink(token, antiforgery, "approve", "Not what the link was minted for")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideByLink(token, antiforgery, "reject", " ")).StatusCode);
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{runId}")).GetProperty("state").GetString());

        using var decided = await DecideByLink(token, antiforgery, "reject", "Duplicate invoices");
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        using var again = await DecideByLink(token, antiforgery, "reject", "Again");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var reopened = await Visitor.GetAsync($"/payout-decisions/{token}");
        Assert.Equal(HttpStatusCode.Conflict, reopened.StatusCode);
        Assert.Contains("Already decided", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var run = await Api.GetAsync($"/api/v1/payout-runs/{runId}");
        Assert.Equal("rejected", run.GetProperty("state").GetString());
        var decision = Assert.Single(run.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("reason").GetString() == "Duplicate invoices");
        Assert.Equal($"finance (decision link {DecisionLink.Fingerprint(token)[..12]})", decision.GetProperty("actor").GetString());
    }

    private Task<HttpResponseMessage> DecideByLink(string token, string? antiforgery, string decision, string reason)
    {
        var form = new Dictionary<string, string> { ["decision"] = decision, ["reason"] = reason };
        if (antiforgery is not null)
        {
            form["__RequestVerificationToken"] = antiforgery;
        }

        return Visitor.PostAsync($"/payout-decisions/{token}?handler=Decide", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Two_schedulers_racing_for_the_lease_give_one_leader()
    {
        var azurite = await SharedAzurite.GetAsync();
        var settings = new Dictionary<string, string?> { ["Referrals:Payouts:RunScheduler"] = "true", ["Referrals:Payouts:SchedulerInterval"] = "00:00:00.200" };
        await using var first = new ReferralsApp(azurite, settings);
        settings["Referrals:Storage:Prefix"] = first.Prefix;
        await using var second = new ReferralsApp(azurite, settings);
        var schedulers = new[] { first, second }.Select(app => { app.CreateClient().Dispose(); return app.Services.GetRequiredService<PayoutScheduler>(); }).ToArray();

        await Eventually.ReturnsAsync(() => Task.FromResult(schedulers.Count(s => s.IsLeader)), leaders => leaders == 1);
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(100);
            Assert.Equal(1, schedulers.Count(s => s.IsLeader));
        }
    }
}
