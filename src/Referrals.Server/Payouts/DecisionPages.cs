using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;

namespace Referrals.Server.Payouts;

/// <summary>
/// Finance's decision links: <c>GET /payout-decisions/{token}</c> only shows a confirmation page; the
/// page's form POSTs back with a value derived from the token and a reason, and that POST decides. A
/// link decides once (its fingerprint is stored); a used, expired or altered link gets a 4xx page.
/// </summary>
internal static class DecisionPages
{
    public static IEndpointRouteBuilder MapDecisionPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/payout-decisions/{token}", ShowAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(Security.PublicRateLimits.DecisionPages);
        app.MapPost("/payout-decisions/{token}", ConfirmAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(Security.PublicRateLimits.DecisionPages);
        return app;
    }

    internal static async Task<IResult> ShowAsync(string token, IOptions<PayoutOptions> options, IPayoutRunStore runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = options.Value.LinkKey;
        if (Check(DecisionLink.Verify(key, token, time.GetUtcNow())) is { } refused)
        {
            return refused;
        }

        var link = (DecisionLinkCheck.Valid)DecisionLink.Verify(key, token, time.GetUtcNow());
        if (await runs.GetAsync(link.RunId, cancellationToken) is not { } stored)
        {
            return Page(StatusCodes.Status404NotFound, "Unknown run", "This link names a payout run that does not exist.");
        }

        var run = stored.Run;
        if (run.State != PayoutRunState.AwaitingDecision)
        {
            return Page(StatusCodes.Status409Conflict, "Already decided", $"Payout run {run.Id} is {run.State}; this link can no longer decide it.");
        }

        var verb = link.Decision == PayoutDecisionKind.Approve ? "Approve" : "Reject";
        var totals = run.Totals;
        var body = $"""
            <p>Payout run <strong>{E(run.Id)}</strong> for period {E(run.PeriodKey)} ({E(run.Currency)}).</p>
            <p>{totals?.PayableLines ?? 0} payable line(s), {E(new Core.Money(totals?.Payable ?? 0, run.Currency).ToString())} in all; {totals?.CarriedLines ?? 0} carried over. Decide by {run.Deadline:yyyy-MM-dd HH:mm} UTC.</p>
            <form method="post">
              <input type="hidden" name="confirm" value="{E(DecisionLink.FormToken(key, token))}">
              <label>Reason <textarea name="reason" required maxlength="1000"></textarea></label>
              <button type="submit">{verb} this run</button>
            </form>
            """;
        return Page(StatusCodes.Status200OK, $"{verb} payout run {run.PeriodKey}?", body, raw: true);
    }

    internal static async Task<IResult> ConfirmAsync(string token, HttpRequest request, IOptions<PayoutOptions> options, IPayoutRunStore runs, DecidePayoutRun decide, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = options.Value.LinkKey;
        var now = time.GetUtcNow();
        if (Check(DecisionLink.Verify(key, token, now)) is { } refused)
        {
            return refused;
        }

        var link = (DecisionLinkCheck.Valid)DecisionLink.Verify(key, token, now);
        if (!request.HasFormContentType)
        {
            return Page(StatusCodes.Status400BadRequest, "Not confirmed", "Open the link and confirm on its page.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            // Broken chunked framing surfaces from Kestrel as a plain IOException (see RequestBody).
            return Page(StatusCodes.Status400BadRequest, "Not confirmed", "The form could not be read; open the link and confirm again.");
        }

        if (!DecisionLink.IsFormToken(key, token, form["confirm"].ToString()))
        {
            return Page(StatusCodes.Status400BadRequest, "Not confirmed", "Open the link and confirm on its page.");
        }

        var reason = form["reason"].ToString().Trim();
        if (reason.Length is 0 or > 1000)
        {
            return Page(StatusCodes.Status400BadRequest, "A reason is needed", "Say why (at most 1000 characters).");
        }

        if (!await runs.TryUseDecisionLinkAsync(link.RunId, DecisionLink.Fingerprint(token), now, cancellationToken))
        {
            return Page(StatusCodes.Status410Gone, "Link already used", "This decision link has been used; each link decides once.");
        }

        var decision = new PayoutDecision(link.Decision, "finance (decision link)", reason);
        return await decide.ExecuteAsync(link.RunId, decision, cancellationToken) switch
        {
            PayoutDecisionResult.Decided decided => Page(StatusCodes.Status200OK, "Decision recorded", $"Payout run {decided.Run.Id} is now {decided.Run.State}."),
            PayoutDecisionResult.NotAwaiting notAwaiting => Page(StatusCodes.Status409Conflict, "Already decided", $"The run is {notAwaiting.State}."),
            PayoutDecisionResult.PastDeadline => Page(StatusCodes.Status410Gone, "Too late", "The deadline passed: the run expired and nothing was paid."),
            PayoutDecisionResult.Invalid invalid => Page(StatusCodes.Status400BadRequest, "Not decided", invalid.Errors.ToString()),
            _ => Page(StatusCodes.Status404NotFound, "Unknown run", "This link names a payout run that does not exist."),
        };
    }

    private static IResult? Check(DecisionLinkCheck check) => check switch
    {
        DecisionLinkCheck.Valid => null,
        DecisionLinkCheck.Expired => Page(StatusCodes.Status410Gone, "Link expired", "This decision link has expired; decide in the API or ask for a new link."),
        _ => Page(StatusCodes.Status400BadRequest, "Invalid link", "This decision link is not valid."),
    };

    private static IResult Page(int status, string title, string body, bool raw = false)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>")
            .Append(E(title)).Append("</title></head><body><h1>").Append(E(title)).Append("</h1>")
            .Append(raw ? body : "<p>" + E(body) + "</p>")
            .Append("</body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
