using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>A partner's statement through the Functions app's HTTP functions, over the same handlers the server maps.</summary>
public sealed class StatementFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    private static string ThisMonth => DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_statement_lists_the_periods_commissions_as_json_and_as_csv()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);
        var sale = new Money(25_000, "EUR");
        await app.Services.GetRequiredService<ICommissionStore>().TryCreateAsync(
            new Commission("cm_statement", programId, partnerId, "cv_statement", CommissionStatus.Pending, sale.Percent(20), sale, CommissionPlanKind.Percent, 20m, "20% of 250.00 EUR = 50.00 EUR.", DateTimeOffset.UtcNow.AddMinutes(-1)),
            default);

        var json = await CallAsync(partnerId, ThisMonth, csv: false);
        var csv = await CallAsync(partnerId, ThisMonth, csv: true);

        Assert.True(json.Status == 200, $"GetPartnerStatement answered {json}");
        Assert.Equal(1, json.Json.GetProperty("sales").GetInt32());
        Assert.Equal(5_000, json.Json.GetProperty("commissions").GetInt64());
        Assert.Equal("20% of 250.00 EUR = 50.00 EUR.", json.Json.GetProperty("rules")[0].GetProperty("entries")[0].GetProperty("explanation").GetString());
        Assert.Equal(200, csv.Status);
        Assert.Equal("text/csv", csv.ContentType);
        Assert.Contains($"{ThisMonth},commission,", csv.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_that_is_not_a_month_is_answered_400_with_a_problem()
    {
        var programId = await _api.CreateProgramAsync();
        var partnerId = await _api.AddPartnerAsync(programId);

        var answer = await CallAsync(partnerId, "last-month", csv: false);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    private Task<FunctionAnswer> CallAsync(string partnerId, string period, bool csv) =>
        csv
            ? app.CallAsync<StatementFunctions>(
                FunctionRequest.Get($"/api/v1/partners/{partnerId}/statements/{period}/statement.csv").WithAdminKey(),
                (functions, request) => functions.GetFileAsync(request, partnerId, period))
            : app.CallAsync<StatementFunctions>(
                FunctionRequest.Get($"/api/v1/partners/{partnerId}/statements/{period}").WithAdminKey(),
                (functions, request) => functions.GetAsync(request, partnerId, period));
}
