using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Partners;
using Referrals.Api.Programs;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Api.Webhooks;
using Referrals.Core.Groups;
using Referrals.Core.Joining;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Webhooks;

namespace Referrals.Functions.Http;

/// <summary>Programs and what belongs to them (partners, links, referral codes, integrations): the host library's handlers.</summary>
public sealed class ProgramFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IPartnerStore partners,
    IPartnerDirectory partnerDirectory,
    IReferralCodeStore codes,
    IIntegrationSecrets secrets,
    IssueLink issueLink,
    LinkDirectory links,
    ILinkStore linkStore,
    IOptions<ReferralsOptions> options,
    TimeProvider time,
    AssignSlug assignSlug,
    IProgramSlugStore slugs,
    IAgreementStore agreements,
    ResolvePlan plans)
{
    [Function("CreateProgram")]
    public Task<IActionResult> CreateProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs")] HttpRequest request) =>
        http.CreateAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramsApi.CreateProgramAsync(request, programs, assignSlug, time, cancellationToken));

    [Function("GetProgram")]
    public Task<IActionResult> GetProgramAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.ReadProgram, async cancellationToken => await ProgramsApi.GetProgramAsync(programId, programs, slugs, plans, time, cancellationToken), programId);

    [Function("AddPartner")]
    public Task<IActionResult> AddPartnerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/partners")] HttpRequest request, string programId) =>
        http.CreateAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramsApi.AddPartnerAsync(programId, request, programs, partners, time, cancellationToken), programId);

    [Function("GetPartner")]
    public Task<IActionResult> GetPartnerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.ReadPartner, async cancellationToken => await ProgramsApi.GetPartnerAsync(partnerId, partners, agreements, programs, plans, time, cancellationToken), partnerId: partnerId);

    [Function("SetPartnerStatus")]
    public Task<IActionResult> SetPartnerStatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/partners/{partnerId}/status")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await PartnerAccessApi.SetStatusAsync(partnerId, request, partnerDirectory, cancellationToken), partnerId: partnerId);

    [Function("CreateLink")]
    public Task<IActionResult> CreateLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/links")] HttpRequest request, string programId) =>
        http.CreateAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramsApi.CreateLinkAsync(programId, request, issueLink, links, options, cancellationToken), programId);

    [Function("CreateReferralCode")]
    public Task<IActionResult> CreateReferralCodeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/codes")] HttpRequest request, string programId) =>
        http.CreateAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ProgramsApi.CreateReferralCodeAsync(programId, request, programs, partners, codes, time, cancellationToken), programId);

    [Function("LookupCode")]
    public Task<IActionResult> LookupCodeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/codes/{code}")] HttpRequest request, string code) =>
        http.PublicAsync(request, PublicRateLimits.CodeLookups, async cancellationToken => await CodeLookupEndpoint.LookupAsync(code, request.Query["programId"], codes, cancellationToken));

    [Function("GetLinkQrCode")]
    public Task<IActionResult> GetLinkQrCodeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/links/{code}/qr.svg")] HttpRequest request, string programId, string code) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await LinkQrCode.GetAsync(programId, code, request, linkStore, options, cancellationToken), programId);

    [Function("SetIntegrationSecret")]
    public Task<IActionResult> SetIntegrationSecretAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/integrations/{provider}")] HttpRequest request, string programId, string provider) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await IntegrationsApi.SetSecretAsync(programId, provider, request, programs, secrets, cancellationToken), programId);
}
