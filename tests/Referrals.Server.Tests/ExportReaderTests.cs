using Referrals.Api.Reconciliation;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;

namespace Referrals.Server.Tests;

/// <summary>The reconciliation's readers of provider exports, on sample files shaped as the providers write them.</summary>
public sealed class ExportReaderTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static async Task<List<ExportRow>> ReadAsync(ExportFormat format, string text)
    {
        var rows = new List<ExportRow>();
        await foreach (var row in ExportReader.ReadAsync(format, new StringReader(text), CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Stripe_payments_export_rows_become_payments_with_their_references_amounts_and_replay()
    {
        var rows = await ReadAsync(ExportFormat.StripePayments, Sample("stripe-payments.csv"));

        Assert.All(rows, row => Assert.Null(row.Problem));
        var payments = rows.Select(row => row.Payment).OfType<ExportPayment>().ToList();
        Assert.Equal(4, payments.Count);
        Assert.Single(rows, row => row.Payment is null);
        var subscription = payments[0];
        Assert.Equal(["pi_3QaA1xK2", "in_1QaA1xK2", "ch_3QaA1xK2"], subscription.References);
        Assert.Equal(new Core.Money(11_900, "EUR"), subscription.Paid);
        Assert.Equal("in_1QaA1xK2", subscription.ReplayPayment.PaymentReference);
        Assert.Equal(10_000, subscription.Replay.Amount);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), subscription.CreatedAt);
        var refunded = payments[1];
        Assert.Equal(4_999, refunded.Refunded);
        Assert.Equal("grace@example.com", refunded.Replay.CustomerId);
        Assert.Equal("AbCd1234.p25031410c.abcdefgh2345.17", refunded.Replay.ClickId);
        var quoted = payments[2];
        Assert.Equal(125_000, quoted.Paid.Amount);
        Assert.Equal(30_000, quoted.Refunded);
        Assert.Equal("SPRING10", quoted.Replay.Code);
        Assert.Equal(new Core.Money(5_000, "JPY"), payments[3].Paid);
        Assert.Equal(6, payments[3].Line);
    }

    [Fact]
    public async Task Stripe_events_map_as_the_webhook_maps_them_and_other_events_are_skipped()
    {
        var rows = await ReadAsync(ExportFormat.StripeEvents, Sample("stripe-events.jsonl"));

        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.Null(row.Problem));
        var checkout = rows[0].Payment!;
        Assert.Equal("evt_1QaA1xK2LkdIwHu7", checkout.Replay.EventId);
        Assert.Equal(["pi_3QaB2yL3"], checkout.References);
        Assert.Equal("AbCd1234_p25031410c_abcdefgh2345_17".Replace('_', '.'), checkout.Replay.ClickId);
        var invoice = rows[1].Payment!;
        Assert.Equal(ConversionType.Sale, invoice.Replay.Type);
        Assert.Equal(11_900, invoice.Paid.Amount);
        Assert.Equal(10_000, invoice.Replay.Amount);
        Assert.Null(rows[2].Payment);
        Assert.Null(rows[3].Payment);
    }

    [Fact]
    public async Task Paddle_transactions_are_compared_on_total_less_tax_and_unpaid_ones_skipped()
    {
        var rows = await ReadAsync(ExportFormat.PaddleTransactions, Sample("paddle-transactions.csv"));

        Assert.All(rows, row => Assert.Null(row.Problem));
        var payments = rows.Select(row => row.Payment).OfType<ExportPayment>().ToList();
        Assert.Equal(2, payments.Count);
        Assert.Equal(new Core.Money(10_000, "EUR"), payments[0].Paid);
        Assert.Equal(ConversionType.Sale, payments[0].Replay.Type);
        Assert.Equal(ConversionType.Renewal, payments[1].Replay.Type);
        Assert.Equal("paddle", payments[1].Source);
        Assert.Null(payments[0].Refunded);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 30, 14, TimeSpan.Zero), payments[0].CreatedAt);
    }

    [Theory]
    [InlineData("stripe-payments.csv", "text/csv", ExportFormat.StripePayments)]
    [InlineData("stripe-events.jsonl", "application/x-ndjson", ExportFormat.StripeEvents)]
    [InlineData("stripe-events.jsonl", "text/plain", ExportFormat.StripeEvents)]
    [InlineData("paddle-transactions.csv", "text/csv", ExportFormat.PaddleTransactions)]
    public void The_format_is_told_by_the_content(string sample, string contentType, ExportFormat expected) =>
        Assert.Equal(expected, ExportReader.Detect(contentType, Sample(sample).Split('\n')[0]));

    [Fact]
    public void A_header_of_another_layout_is_no_format() =>
        Assert.Null(ExportReader.Detect("text/csv", "Date,Reference,Value"));

    [Theory]
    [InlineData("12.345", "'Amount' is '12.345'")]
    [InlineData("-5.00", "'Amount' is '-5.00'")]
    [InlineData("abc", "'Amount' is 'abc'")]
    public async Task A_malformed_amount_names_its_line(string amount, string expected)
    {
        var lines = Sample("stripe-payments.csv").Split("\r\n");
        lines[2] = lines[2].Replace(",49.99,49.99,eur,49.99,", $",{amount},49.99,eur,49.99,", StringComparison.Ordinal);

        var rows = await ReadAsync(ExportFormat.StripePayments, string.Join("\r\n", lines));

        var problem = rows[^1].Problem;
        Assert.NotNull(problem);
        Assert.StartsWith("Line 3: " + expected, problem, StringComparison.Ordinal);
        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [InlineData("ch_1,2026-03-14 09:30,\"10.00,0.00,eur,Paid\nch_2,2026-03-14 09:31,5.00,0.00,eur,Paid\n", "Line 2: a quoted field is never closed")]
    [InlineData("ch_1,2026-03-14 09:30,10\"00,0.00,eur,Paid\n", "Line 2: a quote inside an unquoted field")]
    [InlineData("ch_1,2026-03-14 09:30,\"10\"00,0.00,eur,Paid\n", "Line 2: text after the closing quote")]
    [InlineData("ch_1,2026-03-14 09:30,10.00,0.00,eur,Paid,extra\n", "Line 2: the row has 7 fields, the header 6")]
    [InlineData("ch_1,2026-03-14 09:30,10.00,0.00,eur,Paid\nch_2,2026-03-14,10.00,0.00,eur,Paid\n", "Line 3: 'Created (UTC)' is '2026-03-14'")]
    [InlineData("ch_1,2026-03-14 09:30,10.00,0.00,eur,Lost\n", "Line 2: 'Status' is 'Lost'")]
    [InlineData("ch_1,2026-03-14 09:30,10.00,0.00,xxx,Paid\n", "Line 2: 'Currency' is 'xxx'")]
    public async Task Broken_rows_name_their_line(string rows, string expected)
    {
        var read = await ReadAsync(ExportFormat.StripePayments, "id,Created (UTC),Amount,Amount Refunded,Currency,Status\n" + rows);

        Assert.StartsWith(expected, read[^1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_is_no_json_object_names_its_line()
    {
        var text = Sample("stripe-events.jsonl").TrimEnd('\n') + "\n{\"id\": \"evt_broken\", \n";

        var rows = await ReadAsync(ExportFormat.StripeEvents, text);

        Assert.Equal("Line 5: the line is not one JSON object (a Stripe event).", rows[^1].Problem);
    }

    [Fact]
    public async Task A_stripe_header_missing_a_column_is_refused_on_line_1()
    {
        var rows = await ReadAsync(ExportFormat.StripePayments, "id,Created (UTC),Amount,Currency,Status\nch_1,2026-03-14 09:30,10.00,eur,Paid\n");

        Assert.Equal("Line 1: the header lacks 'Amount Refunded'.", Assert.Single(rows).Problem);
    }
}
