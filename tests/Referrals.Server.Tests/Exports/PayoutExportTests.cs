using System.Globalization;
using System.Net;
using System.Text.Json;
using Referrals.Core;

namespace Referrals.Server.Tests.Exports;

/// <summary>A paid run downloaded as PayPal, Wise and journal CSVs through HTTP over Azurite, with finance's key.</summary>
public sealed class PayoutExportTests : ServerTest
{
    private static decimal Amount(string cell) => decimal.Parse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_paid_run_downloads_as_PayPal_Wise_and_journal_files_whose_totals_with_the_missing_lines_equal_the_runs()
    {
        var setup = await PaidRunSetup.PaidAsync(App, Api);
        using var finance = setup.Finance(App);
        var run = await Api.GetAsync($"/api/v1/payout-runs/{setup.RunId}");
        var runTotal = run.GetProperty("lines").EnumerateArray().Where(line => line.GetProperty("status").GetString() == "paid").Sum(line => line.GetProperty("amount").GetInt64()) / 100m;
        Assert.Equal(71.00m, runTotal);
        Assert.Equal(7_100, run.GetProperty("totals").GetProperty("payable").GetInt64());

        var (paypal, paypalMissing) = await DownloadAsync(finance, setup.RunId, "paypal");
        var (wise, wiseMissing) = await DownloadAsync(finance, setup.RunId, "wise");
        var (journal, journalMissing) = await DownloadAsync(finance, setup.RunId, "journal");

        var paypalRow = Assert.Single(paypal);
        Assert.Equal([PaidRunSetup.AdaPayPal, "37.00", "EUR", Identifiers.Stable("po", setup.RunId, setup.Ada)], paypalRow[..4]);
        Assert.Equal("PAYPAL", paypalRow[5]);
        Assert.Equal(2, paypalMissing);
        Assert.Equal(["name", "recipientEmail", "paymentReference", "receiverType", "amountCurrency", "amount", "sourceCurrency", "targetCurrency", "IBAN"], wise[0]);
        Assert.Equal(["Bob Builder", "bob@example.com", Identifiers.Stable("po", setup.RunId, setup.Bob), "PERSON", "target", "14.00", "EUR", "EUR", PaidRunSetup.BobIban], Assert.Single(wise[1..]));
        Assert.Equal(2, wiseMissing);
        Assert.Equal(0, journalMissing);
        Assert.Equal(6, journal.Count - 1);
        Assert.Equal(runTotal, journal.Skip(1).Select(row => Amount(row[5])).Where(amount => amount > 0).Sum());
        Assert.Equal(0m, journal.Skip(1).Sum(row => Amount(row[5])));

        var summary = await Api.GetAsync($"/api/v1/payout-runs/{setup.RunId}/exports");
        Assert.Equal(7_100, summary.GetProperty("paidAmount").GetInt64());
        var exports = summary.GetProperty("exports").EnumerateArray().ToDictionary(export => export.GetProperty("format").GetString()!);
        Assert.Equal(3_700, exports["paypal"].GetProperty("amount").GetInt64());
        Assert.Equal(1_400, exports["wise"].GetProperty("amount").GetInt64());
        Assert.Equal(7_100, exports["journal"].GetProperty("amount").GetInt64());
        Assert.All(exports.Values, export => Assert.Equal(7_100, export.GetProperty("amount").GetInt64() + export.GetProperty("missingAmount").GetInt64()));
        var cyMissing = exports["paypal"].GetProperty("missing").EnumerateArray().Single(line => line.GetProperty("partnerId").GetString() == setup.Cy);
        Assert.Equal("No payout details.", cyMissing.GetProperty("reason").GetString());
        Assert.Equal(2_000, cyMissing.GetProperty("amount").GetInt64());
        Assert.Contains(exports["wise"].GetProperty("missing").EnumerateArray(), line => line.GetProperty("partnerId").GetString() == setup.Cy);
        Assert.Contains(exports["wise"].GetProperty("missing").EnumerateArray(), line => line.GetProperty("partnerId").GetString() == setup.Ada
            && line.GetProperty("reason").GetString()!.Contains("PayPal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Before_the_run_is_paid_its_exports_are_a_409_and_an_unknown_format_a_404()
    {
        var setup = await PaidRunSetup.StartAsync(App, Api);
        using var finance = setup.Finance(App);

        using var unpaid = await finance.GetAsync($"/api/v1/payout-runs/{setup.RunId}/exports/paypal");
        using var unpaidList = await finance.GetAsync($"/api/v1/payout-runs/{setup.RunId}/exports");
        using var unknownFormat = await finance.GetAsync($"/api/v1/payout-runs/{setup.RunId}/exports/sepa");
        using var unknownRun = await finance.GetAsync("/api/v1/payout-runs/prg_nope.2025-01/exports/wise");

        Assert.Equal(HttpStatusCode.Conflict, unpaid.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unpaidList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownFormat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
        foreach (var answer in new[] { unpaid, unpaidList, unknownFormat, unknownRun })
        {
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("paypal, wise and journal", await unknownFormat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{setup.RunId}")).GetProperty("state").GetString());
    }

    private static async Task<(List<string[]> Rows, int Missing)> DownloadAsync(HttpClient finance, string runId, string format)
    {
        using var response = await finance.GetAsync($"/api/v1/payout-runs/{runId}/exports/{format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{format}-{runId}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var missing = int.Parse(response.Headers.GetValues("Payout-Lines-Missing-Details").Single(), CultureInfo.InvariantCulture);
        return (CsvRows.Parse(await response.Content.ReadAsStringAsync()), missing);
    }
}
