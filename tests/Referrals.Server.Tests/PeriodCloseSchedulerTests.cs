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

/// <summary>A tiered program's periods closing on the scheduler's fake clock: tiers, payout and late refunds without any manual call.</summary>
public sealed class PeriodCloseSchedulerTests : IDisposable
{
    private static readonly DateTimeOffset January20 = new(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February1 = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(January20);
    private readonly SmtpCapture _smtp = new();

    public void Dispose() => _smtp.Dispose();

    [Fact]
    public async Task A_month_ending_closes_its_tiers_pays_them_and_moves_a_late_refund_into_the_next_month()
    {
        await using var app = new ReferralsApp(
            await SharedAzurite.GetAsync(),
            new Dictionary<string, string?>(_smtp.Settings)
            {
                ["Referrals:Payouts:RunScheduler"] = "true",
                ["Referrals:Payouts:SchedulerInterval"] = "00:00:01",
                ["Referrals:Email:Finance:0"] = "finance@shop.example.com",
                ["Referrals:PublicBaseUrl"] = "https://go.shop.example.com",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        using var admin = app.CreateAdminClient();
        var api = new ApiClient(admin);
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Tiered",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 10, tiers = new object[] { new { percent = 10 }, new { fromRevenue = 100_000, percent = 15 } } },
            holdDays = 0,
            minimumPayout = 0,
            payoutSchedule = "monthly",
            timeZone = "UTC",
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await api.CreatePartnerAsync(programId, "ada@example.com");
        var bob = await api.CreatePartnerAsync(programId, "bob@example.com");
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        var refunded = await EarnAsync(store, programId, ada, 60_000, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await EarnAsync(store, programId, ada, 60_000, new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero));
        await EarnAsync(store, programId, bob, 30_000, new DateTimeOffset(2026, 1, 14, 9, 0, 0, TimeSpan.Zero));
        var january = PayoutRun.IdFor(programId, "2026-01");
        var scheduler = app.Services.GetRequiredService<Payouts.PayoutScheduler>();
        await Eventually.ReturnsAsync(() => Task.FromResult(scheduler.IsLeader), leader => leader);

        // January ends: the run closes the tiers, then collects and calculates with the tier line.
        _time.SetUtcNow(February1.AddMinutes(5));
        var run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, january), r => r?.GetProperty("state").GetString() == "awaitingDecision");
        Assert.Equal(["created", "tiers closed", "collected", "calculated"], Events(run!.Value));
        Assert.Equal("Tiers closed: 1 adjustment line(s), +60.00 EUR.", run.Value.GetProperty("timeline")[1].GetProperty("reason").GetString());
        Assert.Equal(18_000, Line(run.Value, ada).GetProperty("amount").GetInt64());
        Assert.Equal(3_000, Line(run.Value, bob).GetProperty("amount").GetInt64());

        // The close is told: each partner gets the link to the period's statement, finance the signed decision links.
        foreach (var partner in new[] { "ada@example.com", "bob@example.com" })
        {
            var statement = await _smtp.WaitForAsync(partner, "your statement for 2026-01");
            Assert.Contains("https://go.shop.example.com/portal/statements/2026-01", statement.TextBody, StringComparison.Ordinal);
        }

        var decision = await _smtp.WaitForAsync("finance@shop.example.com", "2026-01");
        Assert.Contains("https://go.shop.example.com/payout-decisions/", decision.TextBody, StringComparison.Ordinal);

        await api.PostAsync($"/api/v1/payout-runs/{january}/decision", new { decision = "approve", reason = "Matches the bank balance." }, HttpStatusCode.OK);
        run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, january), r => r?.GetProperty("state").GetString() == "paid");
        Assert.Equal("paid", Line(run!.Value, ada).GetProperty("status").GetString());

        // The manual close, for corrections, answers the lines the run's close stored.
        var manual = await api.PostAsync($"/api/v1/programs/{programId}/tiers/close", new { period = "2026-01" }, HttpStatusCode.OK);
        var tierLine = Assert.Single(manual.GetProperty("lines").EnumerateArray());
        Assert.Equal(TierClose.IdFor(programId, ada, "2026-01"), tierLine.GetProperty("id").GetString());
        Assert.Equal("paid", tierLine.GetProperty("status").GetString());
        Assert.Equal(4, (await api.GetAsync($"/api/v1/programs/{programId}/commissions")).GetArrayLength());

        // In February half of a January sale is refunded: January stays paid, February's close corrects it.
        _time.SetUtcNow(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        await RefundAsync(store, refunded, 30_000, _time.GetUtcNow());
        _time.SetUtcNow(March1.AddMinutes(5));
        var february = PayoutRun.IdFor(programId, "2026-02");
        run = await Eventually.ReturnsAsync(() => TickThenReadAsync(admin, february), r => r?.GetProperty("state").GetString() == "awaitingDecision");
        Assert.Equal("Tiers closed: 1 adjustment line(s), -60.00 EUR.", run!.Value.GetProperty("timeline")[1].GetProperty("reason").GetString());
        var line = Line(run.Value, ada);
        Assert.Equal(-9_000, line.GetProperty("amount").GetInt64());
        Assert.Equal("carried", line.GetProperty("status").GetString());
        Assert.Equal(18_000, Line((await RunAsync(admin, january))!.Value, ada).GetProperty("amount").GetInt64());
    }

    private static async Task<Commission> EarnAsync(TableCommissionStore store, string programId, string partnerId, long sale, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        var amount = new Money(sale, "EUR");
        var commission = new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, amount.Percent(10), amount, CommissionPlanKind.Percent, 10m, "sale", at);
        Assert.True(await store.TryCreateAsync(commission, default));
        return commission;
    }

    private static async Task RefundAsync(TableCommissionStore store, Commission commission, long refunded, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        var entryId = Commission.IdFor(conversionId);
        Assert.NotNull(await store.AdjustAsync(commission.PartnerId, commission.Id, entryId, current =>
        {
            var reversed = CommissionReversal.Share(current.Amount.Amount, refunded, current.Base.Amount);
            return new CommissionAdjustment(
                current with { Refunded = refunded, Reversed = reversed },
                new Commission(entryId, current.ProgramId, current.PartnerId, conversionId, CommissionStatus.Pending, new Money(-reversed, "EUR"), new Money(-refunded, "EUR"), current.Rule, current.Rate, "Refund.", at, Adjusts: current.Id));
        }, default));
    }

    private static JsonElement Line(JsonElement run, string partnerId) =>
        run.GetProperty("lines").EnumerateArray().Single(line => line.GetProperty("partnerId").GetString() == partnerId);

    private async Task<JsonElement?> TickThenReadAsync(HttpClient admin, string runId)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return await RunAsync(admin, runId);
    }

    private static Task<JsonElement?> RunAsync(HttpClient admin, string runId) => PayoutRunReads.RunAsync(admin, runId);

    private static string[] Events(JsonElement run) => PayoutRunReads.Events(run);
}
