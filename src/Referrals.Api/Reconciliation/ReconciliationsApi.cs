using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Programs;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Reconciliation of a payment provider's export against the recorded payments: run one, read it and its
/// lines (as JSON or CSV), and replay the payments we never received through the webhooks' ingestion.
/// </summary>
public static class ReconciliationsApi
{
    public static RouteGroupBuilder MapReconciliationsApi(this RouteGroupBuilder api)
    {
        const string Tag = "Reconciliations";
        api.MapPost("/programs/{programId}/reconciliations", CreateAsync)
            .Describe("CreateReconciliation", Tag, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity)
            .AllowRoles(EndpointRoles.Reconciliations);
        api.MapGet("/programs/{programId}/reconciliations", ListAsync).Describe("ListReconciliations", Tag).AllowRoles(EndpointRoles.Reconciliations);
        api.MapGet("/programs/{programId}/reconciliations/{reconciliationId}", GetAsync).Describe("GetReconciliation", Tag).AllowRoles(EndpointRoles.Reconciliations);
        api.MapGet("/programs/{programId}/reconciliations/{reconciliationId}/items", ListItemsAsync).Describe("ListReconciliationItems", Tag).AllowRoles(EndpointRoles.Reconciliations);
        api.MapGet("/programs/{programId}/reconciliations/{reconciliationId}/items.csv", FileAsync)
            .Describe("GetReconciliationFile", Tag)
            .Produces(StatusCodes.Status200OK, contentType: ReconciliationFile.ContentType)
            .AllowRoles(EndpointRoles.Reconciliations);
        api.MapPost("/programs/{programId}/reconciliations/{reconciliationId}/replay", ReplayAsync).Describe("ReplayReconciliation", Tag).AllowRoles(EndpointRoles.Reconciliations);
        return api;
    }

    /// <summary>
    /// Compares a provider's export (the body) with the program's recorded payments and stores the result:
    /// <c>matched</c>, <c>missing</c> (never recorded), <c>differing</c> (amount, currency or refunded amount) and
    /// <c>extra</c> (recorded within the export's time range, absent from it). <c>format</c> is
    /// <c>stripe-payments</c> (the Dashboard's payments CSV), <c>stripe-events</c> (one Stripe event per line,
    /// <c>application/x-ndjson</c>) or <c>paddle-transactions</c> (Paddle's transactions report CSV); without it
    /// the content type and the header row decide. Every row is checked before anything is stored: an unknown
    /// layout or a malformed row answers 422 naming the line (<c>line</c> in the problem) and stores nothing.
    /// Up to 512 MiB; the export is read streamed. The body is the export file as downloaded (<c>text/csv</c>, or
    /// <c>application/x-ndjson</c> for events); it is not declared as a request body type, so that a caller without
    /// the finance or admin role is answered 401/403 whatever it sends.
    /// </summary>
    public static async Task<Results<Created<ReconciliationResponse>, ProblemHttpResult>> CreateAsync(
        string programId, string? format, HttpRequest request, IProgramStore programs, ReconcileExport reconcile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ExportFormat? chosen = null;
        if (!string.IsNullOrEmpty(format))
        {
            if (!ExportReader.Formats.TryGetValue(format, out var named))
            {
                return Problems.BadRequest($"'format' must be one of {string.Join(", ", ExportReader.Formats.Keys)}.");
            }

            chosen = named;
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var (upload, problem) = await ExportUpload.ReceiveAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await using (upload)
        {
            ExportSummary summary;
            try
            {
                if (chosen is null)
                {
                    using var first = upload!.Open();
                    chosen = ExportReader.Detect(request.ContentType, await first.ReadLineAsync(cancellationToken) ?? string.Empty);
                    if (chosen is null)
                    {
                        return Unprocessable(1, $"Line 1: the export's layout is not one we read. Send Stripe's payments export (columns id, Created (UTC), Amount, Amount Refunded, Currency, Status), Stripe events one per line, or Paddle's transactions report (id, status, customer_id, origin, currency_code, total, tax, billed_at), or name it with 'format'.");
                    }
                }

                using var reader = upload!.Open();
                var (checkedSummary, refusal) = await SummarizeAsync(chosen.Value, reader, cancellationToken);
                if (refusal is not null)
                {
                    return refusal;
                }

                summary = checkedSummary!;
            }
            catch (DecoderFallbackException)
            {
                return Unprocessable(null, "The export is not valid UTF-8; download it again from the provider.");
            }

            using var rows = upload.Open();
            var reconciliation = await reconcile.ExecuteAsync(
                programId, chosen.Value, ExportReader.SourceOf(chosen.Value), summary, Payments(chosen.Value, rows, cancellationToken), cancellationToken);
            return TypedResults.Created(
                $"/api/v1/programs/{Uri.EscapeDataString(programId)}/reconciliations/{reconciliation.Id}", ReconciliationResponse.Of(reconciliation));
        }
    }

    /// <summary>The program's reconciliations, oldest first, a page at a time (<c>limit</c>, <c>continuation</c> and <c>Link: rel="next"</c> as every list).</summary>
    public static async Task<Results<Ok<IReadOnlyList<ReconciliationResponse>>, ProblemHttpResult>> ListAsync(
        string programId, int? limit, string? continuation, HttpRequest request, IProgramStore programs, IReconciliationStore store, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var page = await store.ListAsync(programId, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok<IReadOnlyList<ReconciliationResponse>>([.. page.Items.Select(ReconciliationResponse.Of)]);
    }

    /// <summary>One reconciliation with its counts per category.</summary>
    public static async Task<Results<Ok<ReconciliationResponse>, ProblemHttpResult>> GetAsync(
        string programId, string reconciliationId, IReconciliationStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(programId, reconciliationId, cancellationToken) is { } reconciliation
            ? TypedResults.Ok(ReconciliationResponse.Of(reconciliation))
            : NotFound(reconciliationId);

    /// <summary>
    /// A reconciliation's lines, optionally of one <c>category</c> (matched, missing, differing, extra): missing
    /// ones in the export's line order, the others in conversion id order; a page at a time like every list.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ReconciliationItemResponse>>, ProblemHttpResult>> ListItemsAsync(
        string programId, string reconciliationId, string? category, int? limit, string? continuation, HttpRequest request, IReconciliationStore store,
        CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (!QueryValues.TryParseEnum<ReconciliationCategory>(category, out var wanted))
        {
            return Problems.BadRequest("'category' must be matched, missing, differing or extra.");
        }

        if (await store.GetAsync(programId, reconciliationId, cancellationToken) is null)
        {
            return NotFound(reconciliationId);
        }

        var page = await store.ListItemsAsync(reconciliationId, wanted, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok<IReadOnlyList<ReconciliationItemResponse>>([.. page.Items.Select(ReconciliationItemResponse.From)]);
    }

    /// <summary>A reconciliation's lines as CSV (all, or one <c>category</c>), amounts in major units.</summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> FileAsync(
        string programId, string reconciliationId, string? category, IReconciliationStore store, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryParseEnum<ReconciliationCategory>(category, out var wanted))
        {
            return Problems.BadRequest("'category' must be matched, missing, differing or extra.");
        }

        if (await store.GetAsync(programId, reconciliationId, cancellationToken) is null)
        {
            return NotFound(reconciliationId);
        }

        return TypedResults.Stream(
            output => ReconciliationFile.WriteAsync(output, store.StreamItemsAsync(reconciliationId, wanted, cancellationToken), cancellationToken),
            ReconciliationFile.ContentType,
            ReconciliationFile.NameOf(reconciliationId));
    }

    /// <summary>
    /// Records the missing payments through the same ingestion as a webhook (same source, same idempotency
    /// key, same payment reference), so a second replay creates nothing and a webhook arriving later is a
    /// duplicate. Answers the conversions created (<c>created</c>; their commissions follow through attribution)
    /// and each payment's outcome. A payment without a click id or code becomes an unattributed conversion, as
    /// its webhook would have.
    /// </summary>
    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayAsync(
        string programId, string reconciliationId, ReplayMissingPayments replay, CancellationToken cancellationToken) =>
        await replay.ExecuteAsync(programId, reconciliationId, cancellationToken) is { } payments
            ? TypedResults.Ok(ReplayResponse.From(reconciliationId, payments))
            : NotFound(reconciliationId);

    /// <summary>The first read: every row checked, the payments counted and their time range taken.</summary>
    private static async Task<(ExportSummary? Summary, ProblemHttpResult? Problem)> SummarizeAsync(ExportFormat format, TextReader reader, CancellationToken cancellationToken)
    {
        long rows = 0, skipped = 0;
        DateTimeOffset? from = null, last = null;
        await foreach (var row in ExportReader.ReadAsync(format, reader, cancellationToken))
        {
            if (row.Problem is not null)
            {
                return (null, Unprocessable(row.Line, row.Problem));
            }

            if (row.Payment is not { } payment)
            {
                skipped++;
                continue;
            }

            rows++;
            from = from is null || payment.CreatedAt < from ? payment.CreatedAt : from;
            last = last is null || payment.CreatedAt > last ? payment.CreatedAt : last;
        }

        // Exports give times to the minute; the range ends after the last payment's minute.
        return (new ExportSummary(rows, skipped, from, last?.AddMinutes(1), format == ExportFormat.StripePayments), null);
    }

    private static async IAsyncEnumerable<ExportPayment> Payments(
        ExportFormat format, TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in ExportReader.ReadAsync(format, reader, cancellationToken))
        {
            if (row.Payment is { } payment)
            {
                yield return payment;
            }
        }
    }

    private static ProblemHttpResult Unprocessable(long? line, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "The export cannot be read",
        extensions: line is { } number ? new Dictionary<string, object?> { ["line"] = number } : null);

    private static ProblemHttpResult NotFound(string reconciliationId) =>
        Problems.NotFound($"There is no reconciliation '{Problems.Shorten(reconciliationId)}' in this program.");
}
