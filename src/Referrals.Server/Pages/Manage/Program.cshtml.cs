using Referrals.Api.Formatting;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Core.Webhooks;

namespace Referrals.Server.Pages.Manage;

/// <summary>
/// A program for its manager: leaderboards with trends, flagged commissions to review, unattributed
/// conversions with their reasons, verified webhook events that were ignored, and the partners' status.
/// </summary>
public sealed class ProgramModel(
    IProgramStore programs,
    IPartnerStore partners,
    IPartnerDirectory directory,
    ReadLeaderboard leaderboards,
    ICommissionStore commissions,
    ICommissionReviewStore reviews,
    IUnattributedConversions unattributed,
    IIgnoredEventStore ignoredEvents,
    TimeProvider time) : PageModel
{
    private const int MaxDays = 366;
    private const int MaxListed = 100;
    private const int MaxIgnoredListed = 20;

    public ReferralProgram? Program { get; private set; }

    public Leaderboard? Leaderboard { get; private set; }

    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public IReadOnlyList<Commission> Flagged { get; private set; } = [];

    public IReadOnlyList<Conversion> Unattributed { get; private set; } = [];

    /// <summary>The newest verified webhook events that were not used, with their reasons.</summary>
    public IReadOnlyList<IgnoredEvent> Ignored { get; private set; } = [];

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public string NameOf(string partnerId) => Partners.FirstOrDefault(partner => partner.Id == partnerId)?.Name ?? partnerId;

    public Task<IActionResult> OnGetAsync(string programId, CancellationToken cancellationToken) => ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(string programId, string? partnerId, string? status, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<PartnerStatus>(status, ignoreCase: true, out var newStatus) || !Enum.IsDefined(newStatus) || int.TryParse(status, out _))
        {
            Problem = "Choose a status: active, pending or suspended.";
            return await ShowAsync(programId, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var partner = string.IsNullOrEmpty(partnerId) ? null : await partners.GetAsync(partnerId, cancellationToken);
        if (partner is null || partner.ProgramId != programId || await directory.SetStatusAsync(partner.Id, newStatus, cancellationToken) is not { } changed)
        {
            Problem = "There is no such partner in this program.";
            return await ShowAsync(programId, StatusCodes.Status404NotFound, cancellationToken);
        }

        Notice = $"{changed.Name} is now {Format.Lower(changed.Status)}.";
        return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IActionResult> OnPostReviewAsync(string programId, string? commissionId, string? decision, string? reason, CancellationToken cancellationToken)
    {
        var reviewDecision = decision switch { "approve" => ReviewDecision.Approve, "reject" => ReviewDecision.Reject, _ => (ReviewDecision?)null };
        if (reviewDecision is null || string.IsNullOrWhiteSpace(reason) || reason.Length > 1000 || string.IsNullOrEmpty(commissionId))
        {
            Problem = "A review needs approve or reject and a reason (at most 1000 characters).";
            return await ShowAsync(programId, StatusCodes.Status400BadRequest, cancellationToken);
        }

        if (await reviews.FindAsync(programId, commissionId, cancellationToken) is not { } found)
        {
            Problem = "There is no such commission in this program.";
            return await ShowAsync(programId, StatusCodes.Status404NotFound, cancellationToken);
        }

        var review = new CommissionReview(reviewDecision.Value, reason.Trim(), User.Identity?.Name ?? "manager", time.GetUtcNow());
        var result = await reviews.ReviewAsync(found.PartnerId, found.Id, review, cancellationToken);
        if (result is not { Applied: true })
        {
            Problem = "That commission is no longer flagged.";
            return await ShowAsync(programId, StatusCodes.Status409Conflict, cancellationToken);
        }

        Notice = $"Commission {(reviewDecision == ReviewDecision.Approve ? "approved" : "rejected")}.";
        return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string programId, int status, CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(programId, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!TryParse(To, today, out var to) || !TryParse(From, to.AddDays(-29), out var from) || from > to || to.DayNumber - from.DayNumber >= MaxDays)
        {
            Problem ??= $"Choose dates as yyyy-MM-dd, from before to, at most {MaxDays} days apart.";
            status = StatusCodes.Status400BadRequest;
            (from, to) = (today.AddDays(-29), today);
        }

        Leaderboard = await leaderboards.ExecuteAsync(programId, from, to, cancellationToken);
        Partners = await directory.ListAsync(programId, ReadLeaderboard.MaxPartners, cancellationToken);
        Flagged = [.. (await commissions.ListAsync(programId, partnerId: null, CommissionStatus.Flagged, cancellationToken)).Take(MaxListed)];
        Unattributed = await unattributed.ListUnattributedAsync(programId, new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), MaxListed, cancellationToken);
        Ignored = (await ignoredEvents.ListAsync(programId, continuation: null, MaxIgnoredListed, cancellationToken)).Events;
        Response.StatusCode = status;
        return Page();
    }

    private static bool TryParse(string? value, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(value))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
