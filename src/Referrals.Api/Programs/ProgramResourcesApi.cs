using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Changes;
using Referrals.Api.Http;
using Referrals.Api.Tracking;
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

    /// <summary>Every program in id order, a page at a time: <c>limit</c> (1 to 100, default 50) and the <c>continuation</c> token of the <c>Link: rel="next"</c> header.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ProgramResponse>>, ProblemHttpResult>> ListProgramsAsync(
        int? limit, string? continuation, HttpRequest request, IProgramEditor programs, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        var page = await programs.ListAsync(after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok<IReadOnlyList<ProgramResponse>>([.. page.Items.Select(ProgramResponse.From)]);
    }

    /// <summary>
    /// Changes a program's settings with a JSON merge patch of the fields its create request has (all but
    /// <c>currency</c>), validated by the same rules. A changed plan gets the next plan version; commissions
    /// already earned keep theirs.
    /// </summary>
    public static async Task<Results<Ok<ProgramResponse>, ValidationProblem, ProblemHttpResult>> UpdateProgramAsync(
        string programId, HttpRequest request, IProgramStore programs, IProgramEditor editor, LinkDirectory directory, ChangeAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var body = await MergePatch.ApplyAsync(request, SettingsOf(program), EditableFields, cancellationToken);
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

        var changed = await editor.UpdateAsync(programId, stored => Apply(draft, stored), cancellationToken);
        if (changed is not { } pair)
        {
            return Problems.ProgramNotFound(programId);
        }

        // Allowed hosts may have changed, and the redirect checks every destination against them.
        directory.ForgetAll();
        await audit.RecordAsync(request.HttpContext, programId, "program", programId, "update", SettingsOf(pair.Before), SettingsOf(pair.After), cancellationToken);
        return TypedResults.Ok(ProgramResponse.From(pair.After));
    }

    /// <summary>
    /// Archives a program: its links answer 410 Gone from then on; its partners, codes, conversions,
    /// commissions and payout runs stay readable. Archiving an archived program changes nothing.
    /// </summary>
    public static async Task<Results<Ok<ProgramResponse>, ProblemHttpResult>> ArchiveProgramAsync(
        string programId, HttpRequest request, IProgramEditor editor, LinkDirectory directory, ChangeAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        if (await editor.UpdateAsync(programId, stored => stored.IsArchived ? stored : stored with { ArchivedAt = now }, cancellationToken) is not { } changed)
        {
            return Problems.ProgramNotFound(programId);
        }

        directory.ForgetAll();
        await audit.RecordAsync(request.HttpContext, programId, "program", programId, "archive", ProgramResponse.From(changed.Before), ProgramResponse.From(changed.After), cancellationToken);
        return TypedResults.Ok(ProgramResponse.From(changed.After));
    }

    private static ReferralProgram Apply(ProgramDraft draft, ReferralProgram stored)
    {
        var updated = draft.ToProgram(stored.Id, stored.CreatedAt) with { Currency = stored.Currency, ArchivedAt = stored.ArchivedAt };
        var samePlan = JsonSerializer.Serialize(updated.Plan with { Version = stored.Plan.Version }) == JsonSerializer.Serialize(stored.Plan);
        return updated with { Plan = samePlan ? stored.Plan : updated.Plan with { Version = stored.Plan.Version + 1 } };
    }

    private static ProgramDraft SettingsOf(ReferralProgram program)
    {
        var payouts = program.Payouts;
        return new ProgramDraft(
            program.Name, program.Currency, program.AllowedHosts, program.CookieDays, program.Plan, program.TrackingMode, program.AttributionModel,
            payouts.HoldDays, payouts.MinimumPayout, payouts.Schedule, payouts.ApprovalDays, payouts.ReminderBeforeHours, payouts.TimeZone);
    }
}
