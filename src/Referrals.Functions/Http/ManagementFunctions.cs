using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Server.Hosting;
using Referrals.Server.Programs;
using Referrals.Server.Tracking;

namespace Referrals.Functions.Http;

/// <summary>The management API's essentials (programs, partners, links) for admin keys: the server's handlers.</summary>
public sealed class ManagementFunctions(
    IProgramStore programs, IPartnerStore partners, IssueLink issueLink, LinkDirectory directory, IOptions<ReferralsOptions> options, TimeProvider time)
{
    [Function("CreateProgram")]
    public async Task<IActionResult> CreateProgramAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ApiKeys.RequireAsync(request, programId: null)
            ?? new HttpResultAction(await ProgramsApi.CreateProgramAsync(request, programs, time, request.HttpContext.RequestAborted));
    }

    [Function("AddPartner")]
    public async Task<IActionResult> AddPartnerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/partners")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ApiKeys.RequireAsync(request, programId)
            ?? new HttpResultAction(await ProgramsApi.AddPartnerAsync(programId, request, programs, partners, time, request.HttpContext.RequestAborted));
    }

    [Function("CreateLink")]
    public async Task<IActionResult> CreateLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/links")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ApiKeys.RequireAsync(request, programId)
            ?? new HttpResultAction(await ProgramsApi.CreateLinkAsync(programId, request, issueLink, directory, options, request.HttpContext.RequestAborted));
    }
}
