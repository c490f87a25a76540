using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Commissions;

namespace Referrals.Server.Tests;

/// <summary>
/// Tiers put on a program's plan through the API during a month settle from the next month on: the
/// close, the payout run's tier step and the partner's statement all read the plan in force when the
/// period began, on the real pipeline and Table Storage.
/// </summary>
public sealed class PlanChangeTierTests
{
    private static readonly DateTimeOffset January20 = new(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(January20);

    [Fact]
    public async Task Tiers_put_on_the_plan_mid_month_settle_the_next_month_and_its_statement()
    {
        await using var app = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?>(), services => services.AddSingleton<TimeProvider>(_time));
        using var admin = app.CreateAdminClient();
        var api = new ApiClient(admin);
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Growing",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 10 },
            payoutSchedule = "monthly",
            timeZone = "UTC",
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await api.CreatePartnerAsync(programId, "ada@example.com");
        _time.SetUtcNow(January20.AddDays(1));
        using (var put = await admin.PutAsJsonAsync($"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 10, tiers = new object[] { new { percent = 10 }, new { fromRevenue = 100_000, percent = 15 } } }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        await EarnAsync(store, programId, ada, 120_000, new DateTimeOffset(2026, 1, 25, 9, 0, 0, TimeSpan.Zero));
        await EarnAsync(store, programId, ada, 120_000, new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

        var january = await api.PostAsync($"/api/v1/programs/{programId}/tiers/close", new { period = "2026-01" }, HttpStatusCode.OK);
        var february = await api.PostAsync($"/api/v1/programs/{programId}/tiers/close", new { period = "2026-02" }, HttpStatusCode.OK);
        var januaryStatement = await api.GetAsync($"/api/v1/partners/{ada}/statements/2026-01");
        var februaryStatement = await api.GetAsync($"/api/v1/partners/{ada}/statements/2026-02");

        Assert.Empty(january.GetProperty("lines").EnumerateArray());
        var line = Assert.Single(february.GetProperty("lines").EnumerateArray());
        Assert.Equal(6_000, line.GetProperty("amount").GetInt64());
        Assert.EndsWith("Under version 2 of the program's plan, in force when 2026-02 began.", line.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, januaryStatement.GetProperty("tier").ValueKind);
        Assert.Equal(15m, februaryStatement.GetProperty("tier").GetProperty("percent").GetDecimal());
    }

    private static async Task EarnAsync(TableCommissionStore store, string programId, string partnerId, long sale, DateTimeOffset at)
    {
        var conversionId = Identifiers.New("cv");
        var amount = new Money(sale, "EUR");
        Assert.True(await store.TryCreateAsync(new Commission(Commission.IdFor(conversionId), programId, partnerId, conversionId, CommissionStatus.Pending, amount.Percent(10), amount, CommissionPlanKind.Percent, 10m, "sale", at), default));
    }
}
