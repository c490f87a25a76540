using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Commissions;

namespace Referrals.Server.Tests;

/// <summary>The payout notifier's outbound webhook, against a real HTTP listener on 127.0.0.1.</summary>
public sealed class PayoutNotifierTests
{
    private const string LinkSecret = "notifier-test-decision-link-secret-0123456789";
    private const string PublicBaseUrl = "https://go.example.com";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private async Task<ReferralsApp> StartAppAsync(string notifyUrl) =>
        new(
            await SharedAzurite.GetAsync(),
            new Dictionary<string, string?>
            {
                ["Referrals:DecisionLinkSecret"] = LinkSecret,
                ["Referrals:PublicBaseUrl"] = PublicBaseUrl,
                ["Referrals:Payouts:NotifyUrl"] = notifyUrl,
            },
            services => services.AddSingleton<TimeProvider>(_time));

    /// <summary>A program whose partner earned 37.00 EUR a day ago (no hold), and its run started by hand.</summary>
    private async Task<JsonElement> StartRunAsync(ReferralsApp app)
    {
        using var admin = app.CreateAdminClient();
        var api = new ApiClient(admin);
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Notices",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 0,
            minimumPayout = 1_000,
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var partnerId = await api.CreatePartnerAsync(programId, "ada@example.com");
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        var conversionId = Identifiers.New("cv");
        await store.TryCreateAsync(
            new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, new Money(3_700, "EUR"), new Money(18_500, "EUR"), CommissionPlanKind.Percent, 20m, "sale", _time.GetUtcNow().AddDays(-1)),
            default);
        return await api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = _time.GetUtcNow().AddSeconds(-1) }, HttpStatusCode.Created);
    }

    private static void AssertNoSecrets(string body)
    {
        Assert.DoesNotContain(LinkSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ReferralsApp.AdminKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ada@example.com", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_awaiting_a_decision_posts_its_signed_links_then_a_reminder_and_the_expiry()
    {
        await using var listener = await NoticeListener.StartAsync();
        await using var app = await StartAppAsync(listener.Url);
        var run = await StartRunAsync(app);
        var runId = run.GetProperty("id").GetString()!;
        Assert.Equal("awaitingDecision", run.GetProperty("state").GetString());

        var deadline = run.GetProperty("deadline").GetDateTimeOffset();
        var requested = Assert.Single(listener.Notices);
        Assert.Equal("payout-run.decisionrequested", requested.GetProperty("type").GetString());
        Assert.Equal(runId, requested.GetProperty("runId").GetString());
        Assert.Equal("AwaitingDecision", requested.GetProperty("state").GetString());
        Assert.Equal(run.GetProperty("deadline").GetDateTimeOffset(), requested.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(3_700, requested.GetProperty("totals").GetProperty("payable").GetInt64());
        AssertNoSecrets(Assert.Single(listener.Bodies));

        // The links are signed for this run and its decision, and open the run's page.
        var approveUrl = requested.GetProperty("approveUrl").GetString()!;
        var rejectUrl = requested.GetProperty("rejectUrl").GetString()!;
        Assert.StartsWith(PublicBaseUrl + "/payout-decisions/", approveUrl, StringComparison.Ordinal);
        Assert.StartsWith(PublicBaseUrl + "/payout-decisions/", rejectUrl, StringComparison.Ordinal);
        var key = System.Text.Encoding.UTF8.GetBytes(LinkSecret);
        var approve = Assert.IsType<DecisionLinkCheck.Valid>(DecisionLink.Verify(key, approveUrl[(PublicBaseUrl.Length + "/payout-decisions/".Length)..], _time.GetUtcNow()));
        var reject = Assert.IsType<DecisionLinkCheck.Valid>(DecisionLink.Verify(key, rejectUrl[(PublicBaseUrl.Length + "/payout-decisions/".Length)..], _time.GetUtcNow()));
        Assert.Equal((runId, PayoutDecisionKind.Approve), (approve.RunId, approve.Decision));
        Assert.Equal((runId, PayoutDecisionKind.Reject), (reject.RunId, reject.Decision));
        Assert.Equal(deadline, approve.Expires, TimeSpan.FromSeconds(1));
        Assert.Equal(deadline, reject.Expires, TimeSpan.FromSeconds(1));
        using var visitor = app.CreateVisitorClient();
        using var page = await visitor.GetAsync(new Uri(approveUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // The reminder (again with links) and the expiry, stepped by the run's own use case on a later clock.
        var steps = app.Services.GetRequiredService<PayoutRunSteps>();
        _time.SetUtcNow(run.GetProperty("reminderAt").GetDateTimeOffset().AddMinutes(1));
        Assert.Equal(PayoutRunState.AwaitingDecision, (await steps.AdvanceAsync(runId, default))!.State);
        _time.SetUtcNow(deadline.AddMinutes(1));
        var expired = await steps.AdvanceAsync(runId, default);
        Assert.Equal(PayoutRunState.Expired, expired!.State);

        var notices = listener.Notices;
        Assert.Equal(["payout-run.decisionrequested", "payout-run.reminder", "payout-run.expired"], notices.Select(n => n.GetProperty("type").GetString()));
        Assert.Equal(runId, notices[1].GetProperty("runId").GetString());
        Assert.StartsWith(PublicBaseUrl + "/payout-decisions/", notices[1].GetProperty("approveUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("Expired", notices[2].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, notices[2].GetProperty("approveUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, notices[2].GetProperty("rejectUrl").ValueKind);
        Assert.All(listener.Bodies, AssertNoSecrets);
    }

    [Fact]
    public async Task A_notifier_endpoint_answering_500_does_not_stop_the_run()
    {
        await using var listener = await NoticeListener.StartAsync();
        listener.Status = HttpStatusCode.InternalServerError;
        await using var app = await StartAppAsync(listener.Url);

        var run = await StartRunAsync(app);

        Assert.Equal("awaitingDecision", run.GetProperty("state").GetString());
        Assert.Equal(run.GetProperty("id").GetString(), Assert.Single(listener.Notices).GetProperty("runId").GetString());
    }

    [Fact]
    public async Task An_unreachable_notifier_endpoint_does_not_stop_the_run()
    {
        var listener = await NoticeListener.StartAsync();
        var url = listener.Url;
        await listener.DisposeAsync();
        await using var app = await StartAppAsync(url);

        var run = await StartRunAsync(app);

        Assert.Equal("awaitingDecision", run.GetProperty("state").GetString());
        using var admin = app.CreateAdminClient();
        var stored = await new ApiClient(admin).GetAsync($"/api/v1/payout-runs/{run.GetProperty("id").GetString()}");
        Assert.Equal("awaitingDecision", stored.GetProperty("state").GetString());
    }
}
