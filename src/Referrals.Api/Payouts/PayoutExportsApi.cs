using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>A paid run's exports for PayPal, Wise and the books (finance or admin), beside the generic payout file.</summary>
public static class PayoutExportsApi
{
    /// <summary>The header of an export's download that counts the paid lines it leaves out for want of payout details.</summary>
    public const string MissingHeader = "Payout-Lines-Missing-Details";

    public static RouteGroupBuilder MapPayoutExportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/payout-runs/{runId}/exports", ListAsync)
            .WithName("ListPayoutExports").WithTags("Payouts")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/payout-runs/{runId}/exports/{format}", FileAsync)
            .WithName("GetPayoutExport").WithTags("Payouts")
            .Produces(StatusCodes.Status200OK, contentType: PayoutExportFiles.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>
    /// A paid run's exports (<c>paypal</c>, <c>wise</c>, <c>journal</c>): each one's download URL, lines and
    /// total, and the paid lines it leaves out because the partner has no payout details for its method,
    /// with the reason. Per export, its total plus what it leaves out is the run's paid total.
    /// </summary>
    public static async Task<Results<Ok<PayoutExportsResponse>, ProblemHttpResult>> ListAsync(string runId, PayoutExports exports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exports);
        return await exports.LoadAsync(runId, cancellationToken) switch
        {
            null => RunNotFound(runId),
            { IsPaid: false } unpaid => NotPaid(unpaid.Run),
            var paid => TypedResults.Ok(PayoutExports.Summarize(paid)),
        };
    }

    /// <summary>
    /// A paid run as a PayPal Payouts Web batch (<c>paypal</c>, no header row), a Wise batch payment to IBANs
    /// (<c>wise</c>) or a Xero manual journal (<c>journal</c>: commission expense debited, partner payables
    /// credited, per partner). The header <c>Payout-Lines-Missing-Details</c> counts the paid lines left out
    /// for want of payout details; <c>GET …/exports</c> lists them.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(
        string runId, string format, PayoutExports exports, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(response);
        if (PayoutExportFormats.Parse(format) is not { } chosen)
        {
            return Problems.NotFound($"There is no export '{Problems.Shorten(format)}': the exports are paypal, wise and journal.");
        }

        switch (await exports.LoadAsync(runId, cancellationToken))
        {
            case null:
                return RunNotFound(runId);
            case { IsPaid: false } unpaid:
                return NotPaid(unpaid.Run);
            case var paid:
                var (content, selection) = exports.Build(paid, chosen);
                response.Headers[MissingHeader] = selection.Missing.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.File(content, PayoutExportFiles.ContentType, PayoutExportFiles.NameOf(chosen, paid.Run.Id));
        }
    }

    private static ProblemHttpResult NotPaid(PayoutRun run) =>
        Problems.Conflict($"The run is {Formatting.Format.Lower(run.State)}; its exports exist once it is approved and paid.");

    private static ProblemHttpResult RunNotFound(string runId) => Problems.NotFound($"There is no payout run '{Problems.Shorten(runId)}'.");
}
