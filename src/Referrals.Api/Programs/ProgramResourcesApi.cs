using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Changes;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Programs;

namespace Referrals.Api.Programs;

/// <summary>Programs after they were created: listed, their settings changed, archived.</summary>
public static class ProgramResourcesApi
{
    private static readonly string[] EditableFields =
    [
        "name", "allowedHosts", "cookieDays", "plan", "trackingMode", "attributionModel",
        "holdDays", "minimumPayout", "payoutSchedule", "approvalDays", "reminderBeforeHours", "timeZone",
    ];

    public static RouteGroupBuilder MapProgramResourcesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs", ListProgramsAsync).Describe("ListPrograms", "Programs");
        api.MapPatch("/programs/{programId}", UpdateProgramAsync).Accepts<ProgramDraft>(MergePatch.ContentType, "application/json")
            .Describe("UpdateProgram", "Programs", StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/programs/{programId}/archive", ArchiveProgramAsync).Describe("ArchiveProgram", "Programs");
        return api;
    }

    /// <summary>
    /// Every program in id order, a page at a time: <c>limit</c> (1 to 100, default 50) and the <c>continuation</c>
    /// token of the <c>Link: rel="next"</c> header. Each shows its plan in force now.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ProgramResponse>>, ProblemHttpResult>> ListProgramsAsync(
        int? limit, string? continuation, HttpRequest request, IProgramEditor programs, ResolvePlan plans, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(time);
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        var page = await programs.ListAsync(after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        var now = time.GetUtcNow();
        var shown = await Task.WhenAll(page.Items.Select(async program => ProgramResponse.From(program, (await plans.ForProgramAsync(program, now, cancellationToken)).Plan)));
        return TypedResults.Ok<IReadOnlyList<ProgramResponse>>(shown);
    }

    /// <summary>
    /// Changes a program's settings with a JSON merge patch of the fields its create request has (all but
    /// <c>currency</c>), validated by the same rules; <c>plan</c> is patched over the plan in force now. A changed
    /// plan becomes the program's next plan version through <see cref="ChangePlan"/>, exactly as
    /// <c>PUT /programs/{id}/plan</c> makes it; commissions already earned keep theirs.
    /// </summary>
    public static async Task<Results<Ok<ProgramResponse>, ValidationProblem, ProblemHttpResult>> UpdateProgramAsync(
        string programId, HttpRequest request, IProgramStore programs, IProgramEditor editor, LinkDirectory directory, ChangeAudit audit, ChangePlan changePlan, ResolvePlan plans, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(changePlan);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(time);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var planBefore = (await plans.ForProgramAsync(program, time.GetUtcNow(), cancellationToken)).Plan;
        var body = await MergePatch.ApplyAsync(request, SettingsOf(program, planBefore), EditableFields, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (!SamePlan(draft.Plan!, planBefore)
            && await changePlan.ForProgramAsync(programId, draft.Plan, CallerName.Of(user), cancellationToken) is ChangePlanOutcome.Invalid invalid)
        {
            return Problems.Invalid(invalid.Errors);
        }

        // The program row keeps its creation plan (version 1); its later versions are the plan history.
        var changed = await editor.UpdateAsync(programId, stored => draft.ToProgram(stored.Id, stored.CreatedAt) with { Currency = stored.Currency, ArchivedAt = stored.ArchivedAt, Plan = stored.Plan }, cancellationToken);
        if (changed is not { } pair)
        {
            return Problems.ProgramNotFound(programId);
        }

        var planAfter = (await plans.ForProgramAsync(pair.After, time.GetUtcNow(), cancellationToken)).Plan;

        // Allowed hosts may have changed, and the redirect checks every destination against them.
        directory.ForgetAll();
        await audit.RecordAsync(request.HttpContext, programId, "program", programId, "update", SettingsOf(pair.Before, planBefore), SettingsOf(pair.After, planAfter), cancellationToken);
        return TypedResults.Ok(ProgramResponse.From(pair.After, planAfter));
    }

    /// <summary>
    /// Archives a program: its links answer 410 Gone from then on; its partners, codes, conversions,
    /// commissions and payout runs stay readable. Archiving an archived program changes nothing.
    /// </summary>
    public static async Task<Results<Ok<ProgramResponse>, ProblemHttpResult>> ArchiveProgramAsync(
        string programId, HttpRequest request, IProgramEditor editor, LinkDirectory directory, ChangeAudit audit, ResolvePlan plans, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        if (await editor.UpdateAsync(programId, stored => stored.IsArchived ? stored : stored with { ArchivedAt = now }, cancellationToken) is not { } changed)
        {
            return Problems.ProgramNotFound(programId);
        }

        directory.ForgetAll();
        var plan = (await plans.ForProgramAsync(changed.After, now, cancellationToken)).Plan;
        await audit.RecordAsync(request.HttpContext, programId, "program", programId, "archive", ProgramResponse.From(changed.Before, plan), ProgramResponse.From(changed.After, plan), cancellationToken);
        return TypedResults.Ok(ProgramResponse.From(changed.After, plan));
    }

    /// <summary>Whether two plans say the same, whatever their version numbers.</summary>
    private static bool SamePlan(CommissionPlan patched, CommissionPlan current) =>
        JsonSerializer.Serialize(patched with { Version = 1 }) == JsonSerializer.Serialize(current with { Version = 1 });

    private static ProgramDraft SettingsOf(ReferralProgram program, CommissionPlan plan)
    {
        var payouts = program.Payouts;
        return new ProgramDraft(
            program.Name, program.Currency, program.AllowedHosts, program.CookieDays, plan, program.TrackingMode, program.AttributionModel,
            payouts.HoldDays, payouts.MinimumPayout, payouts.Schedule, payouts.ApprovalDays, payouts.ReminderBeforeHours, payouts.TimeZone);
    }
}
