using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.Changes;
using Referrals.Api.Conversions;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Partners;
using Referrals.Api.Payouts;
using Referrals.Api.Programs;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Core.Changes;
using Referrals.Core.Conversions;
using Referrals.Core.Groups;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Functions.Http;

/// <summary>Programs, partners, links and codes after their creation (lists, changes, retirement) and the audit trail: the host library's handlers.</summary>
public sealed class ResourceFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IProgramEditor programEditor,
    IPartnerStore partners,
    IPartnerEditor partnerEditor,
    ListPartners listPartners,
    IPartnerGroups groups,
    ILinkStore links,
    ILinkEditor linkEditor,
    IReferralCodeStore codes,
    LinkDirectory directory,
    IChangeLog changes,
    IConversionListing conversions,
    IPayoutRunStore payoutRuns,
    ChangeAudit audit,
    IOptions<ReferralsOptions> options,
    TimeProvider time,
    ChangePlan changePlan,
    ResolvePlan plans)
{
    [Function("ListPrograms")]
    public Task<IActionResult> ListProgramsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs")] HttpRequest request) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await ProgramResourcesApi.ListProgramsAsync(
            limit, request.Query["continuation"], request, programEditor, plans, time, cancellationToken));

    [Function("UpdateProgram")]
    public Task<IActionResult> UpdateProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/programs/{programId}")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramResourcesApi.UpdateProgramAsync(
            programId, request, programs, programEditor, directory, audit, changePlan, plans, time, request.HttpContext.User, cancellationToken), programId);

    [Function("ArchiveProgram")]
    public Task<IActionResult> ArchiveProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/archive")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramResourcesApi.ArchiveProgramAsync(
            programId, request, programEditor, directory, audit, plans, time, cancellationToken), programId);

    [Function("ListPartners")]
    public Task<IActionResult> ListPartnersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/partners")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await PartnerResourcesApi.ListPartnersAsync(
            programId, request.Query["status"], request.Query["type"], request.Query["search"], request.Query["group"], limit, request.Query["continuation"], request, programs, groups, listPartners, cancellationToken), programId);

    [Function("UpdatePartner")]
    public Task<IActionResult> UpdatePartnerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/partners/{partnerId}")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await PartnerResourcesApi.UpdatePartnerAsync(
            partnerId, request, partners, partnerEditor, audit, cancellationToken), partnerId: partnerId);

    [Function("ListLinks")]
    public Task<IActionResult> ListLinksAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/links")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await LinkResourcesApi.ListLinksAsync(
            programId, request.Query["partnerId"], limit, request.Query["continuation"], request, programs, partners, linkEditor, options, cancellationToken), programId);

    [Function("GetLink")]
    public Task<IActionResult> GetLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/links/{code}")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.GetLinkAsync(
            programId, code, request, links, options, cancellationToken), programId);

    [Function("UpdateLink")]
    public Task<IActionResult> UpdateLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/programs/{programId}/links/{code}")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.UpdateLinkAsync(
            programId, code, request, programs, links, linkEditor, directory, audit, options, cancellationToken), programId);

    [Function("RetireLink")]
    public Task<IActionResult> RetireLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/links/{code}/retire")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.RetireLinkAsync(
            programId, code, request, links, linkEditor, directory, audit, time, options, cancellationToken), programId);

    [Function("ListReferralCodes")]
    public Task<IActionResult> ListReferralCodesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/codes")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await LinkResourcesApi.ListReferralCodesAsync(
            programId, request.Query["partnerId"], limit, request.Query["continuation"], request, programs, partners, linkEditor, cancellationToken), programId);

    [Function("GetReferralCode")]
    public Task<IActionResult> GetReferralCodeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/codes/{code}")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.GetReferralCodeAsync(
            programId, code, codes, cancellationToken), programId);

    [Function("UpdateReferralCode")]
    public Task<IActionResult> UpdateReferralCodeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/programs/{programId}/codes/{code}")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.UpdateReferralCodeAsync(
            programId, code, request, codes, linkEditor, audit, cancellationToken), programId);

    [Function("RetireReferralCode")]
    public Task<IActionResult> RetireReferralCodeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/codes/{code}/retire")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkResourcesApi.RetireReferralCodeAsync(
            programId, code, request, linkEditor, audit, time, cancellationToken), programId);

    [Function("ListChanges")]
    public Task<IActionResult> ListChangesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/changes")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await ChangesApi.ListChangesAsync(
            programId, limit, request.Query["continuation"], request, programs, changes, cancellationToken), programId);

    [Function("ListConversions")]
    public Task<IActionResult> ListConversionsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/conversions")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.Conversions, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await ConversionListApi.ListConversionsAsync(
            programId, request.Query["from"], request.Query["to"], request.Query["source"], request.Query["status"], request.Query["partnerId"], limit, request.Query["continuation"],
            request, programs, conversions, cancellationToken), programId);

    [Function("ListPayoutRuns")]
    public Task<IActionResult> ListPayoutRunsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/payout-runs")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken => (IResult?)Limit(request, out var limit) ?? await PayoutRunListApi.ListPayoutRunsAsync(
            programId, request.Query["state"], limit, request.Query["continuation"], request, programs, payoutRuns, cancellationToken), programId);

    // The server's parameter binding refuses a limit that is not a number; so does this host.
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Limit(HttpRequest request, out int? limit)
    {
        limit = null;
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return Problems.BadRequest("'limit' must be a whole number between 1 and 100.");
        }

        limit = value;
        return null;
    }
}
