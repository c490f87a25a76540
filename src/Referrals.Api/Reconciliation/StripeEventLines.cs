using System.Runtime.CompilerServices;
using System.Text.Json;
using Referrals.Api.Webhooks;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Stripe events one JSON object per line (<c>stripe events list</c>, or the Events API's <c>data</c> written
/// out a line each), mapped by <see cref="StripeEvents"/> exactly as the webhook maps them: the payments
/// (<c>checkout.session.completed</c>, <c>invoice.paid</c> …) are compared and, when missing, replayed under
/// their own event id. Refunds, disputes and events the webhook ignores are no payment and are skipped; an
/// event the webhook could not read is a problem naming its line.
/// </summary>
internal static class StripeEventLines
{
    private const int MaxLine = 1024 * 1024;

    public static async IAsyncEnumerable<ExportRow> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long line = 0;
        while (await text.ReadLineAsync(cancellationToken) is { } json)
        {
            line++;
            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }

            var row = Map(line, json);
            yield return row;
            if (row.Problem is not null)
            {
                yield break;
            }
        }

        if (line == 0)
        {
            yield return ExportRow.Refuse(1, "the export is empty; send one Stripe event per line.");
        }
    }

    private static ExportRow Map(long line, string json)
    {
        if (json.Length > MaxLine)
        {
            return ExportRow.Refuse(line, $"the event is longer than {MaxLine / 1024} KiB.");
        }

        WebhookMapping mapping;
        try
        {
            using var document = JsonDocument.Parse(json);
            mapping = StripeEvents.Map(document.RootElement);
        }
        catch (JsonException)
        {
            return ExportRow.Refuse(line, "the line is not one JSON object (a Stripe event).");
        }

        switch (mapping)
        {
            case WebhookMapping.Refuse refuse:
                return ExportRow.Refuse(line, refuse.Problem);
            case WebhookMapping.Record { Draft: { Type: { } type } draft, Payment: { PaymentReference: { } reference } payment } when type.IsPayment():
                if (!Currency.IsKnown(draft.Currency) || draft.Amount is not { } amount)
                {
                    return ExportRow.Refuse(line, "the payment has no amount or no ISO 4217 currency.");
                }

                if (draft.OccurredAt is not { } created)
                {
                    return ExportRow.Refuse(line, "the event has no 'created' time.");
                }

                var references = new[] { reference }.Concat(payment.Aliases ?? []).Distinct(StringComparer.Ordinal).ToList();
                var paid = new Money(payment.PaidAmount ?? amount, draft.Currency!);
                return new ExportRow(line, new ExportPayment(line, StripeEvents.Source, references, created, paid, null, draft, payment), null);
            default:
                return ExportRow.Skip(line);
        }
    }
}
