using System.Net;
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

/// <summary>The payout scheduler on a fake clock: it starts, steps, reminds and expires runs without any manual call.</summary>
public sealed class PayoutSchedulerTests
{
    private static readonly DateTimeOffset January20 = new(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February1 = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(January20);

    [Fact]
    public async Task A_closed_period_is_run_to_a_decision_reminded_and_expired_without_paying_anything()
    {
        await using var listener = await NoticeListener.StartAsync();
        await using var app = new ReferralsApp(
            await SharedAzurite.GetAsync(),
            new Dictionary<string, string?>
            {
                ["Referrals:Payouts:RunScheduler"] = "true",
                ["Referrals:Payouts:SchedulerInterval"] = "00:00:01",
                ["Referrals:Payouts:NotifyUrl"] = listener.Url,
            },
            services => services.AddSingleton<TimeProvider>(_time));
        using var admin = app.CreateAdminClient();
        var api = new ApiClient(admin);
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Scheduled",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 10,
            minimumPayout = 0,
            payoutSchedule = "monthly",
            approvalDays = 7,
            reminderBeforeHours = 48,
            timeZone = "UTC",
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await api.CreatePartnerAsync(programId, "ada@example.com");
        var bob = await api.CreatePartnerAsync(programId, "bob@example.com");
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        await EarnAsync(store, programId, ada, 2_500, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await EarnAsync(store, programId, ada, 1_200, new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await EarnAsync(store, programId, bob, 900, new DateTimeOffset(2026, 1, 25, 9, 0, 0, TimeSpan.Zero)); // its hold ends after the period
        var runId = PayoutRun.IdFor(programId, PayoutPeriod.EndingAt(February1, PayoutSchedule.Monthly, TimeZoneInfo.Utc).Key);

        // Mid-period the scheduler ticks but starts nothing.
        var scheduler = app.Services.GetRequiredService<Payouts.PayoutScheduler>();
        await Eventually.ReturnsAsync(() => Task.FromResult(scheduler.IsLeader), leader => leader);
        await TicksAsync(3);
        Assert.Null(await RunAsync(admin, runId));

        // The period closes: the run is started, collected, calculated and waits for finance.
        _time.SetUtcNow(February1.AddMinutes(5));
        var run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, runId), r => r?.GetProperty("state").GetString() == "awaitingDecision");
        Assert.Equal(["created", "collected", "calculated"], Events(run!.Value));
        Assert.All(run.Value.GetProperty("timeline").EnumerateArray(), t => Assert.Equal("system", t.GetProperty("actor").GetString()));
        var line = Assert.Single(run.Value.GetProperty("lines").EnumerateArray());
        Assert.Equal(ada, line.GetProperty("partnerId").GetString());
        Assert.Equal(3_700, line.GetProperty("amount").GetInt64());
        Assert.Equal("pending", (await api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={bob}"))[0].GetProperty("status").GetString());
        var deadline = run.Value.GetProperty("deadline").GetDateTimeOffset();
        var reminderAt = run.Value.GetProperty("reminderAt").GetDateTimeOffset();
        Assert.Equal(deadline - TimeSpan.FromHours(48), reminderAt);

        // Past the reminder time the reminder is sent and recorded.
        _time.SetUtcNow(reminderAt.AddMinutes(1));
        run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, runId), r => Events(r!.Value).Contains("reminded"));
        Assert.Equal("awaitingDecision", run!.Value.GetProperty("state").GetString());

        // Past the deadline the run expires, its balances carry over, and nothing is paid.
        _time.SetUtcNow(deadline.AddMinutes(1));
        run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, runId), r => Events(r!.Value).Contains("released"));
        Assert.Equal("expired", run!.Value.GetProperty("state").GetString());
        Assert.Equal(["created", "collected", "calculated", "reminded", "expired", "released"], Events(run.Value));
        Assert.DoesNotContain(run.Value.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("event").GetString() == "paid");
        var commissions = await api.GetAsync($"/api/v1/programs/{programId}/commissions");
        Assert.DoesNotContain(commissions.EnumerateArray(), c => c.GetProperty("status").GetString() == "paid");
        Assert.All(
            (await api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={ada}")).EnumerateArray(),
            c => Assert.Equal("approved", c.GetProperty("status").GetString()));
        Assert.Equal(["payout-run.decisionrequested", "payout-run.reminder", "payout-run.expired"], listener.Notices.Select(n => n.GetProperty("type").GetString()));
        Assert.All(listener.Notices, n => Assert.Equal(runId, n.GetProperty("runId").GetString()));
    }

    private static Task EarnAsync(TableCommissionStore store, string programId, string partnerId, long amount, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        return store.TryCreateAsync(
            new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, new Money(amount, "EUR"), new Money(amount * 5, "EUR"), CommissionPlanKind.Percent, 20m, "sale", at),
            default);
    }

    /// <summary>Lets the scheduler's wait on the fake clock end a few times (its interval is one fake second).</summary>
    private async Task TicksAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement?> TickThenReadAsync(HttpClient admin, string runId)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return await RunAsync(admin, runId);
    }

    private static Task<JsonElement?> RunAsync(HttpClient admin, string runId) => PayoutRunReads.RunAsync(admin, runId);

    private static string[] Events(JsonElement run) => PayoutRunReads.Events(run);
}
