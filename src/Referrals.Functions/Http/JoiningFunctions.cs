using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Joining;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Functions.Http;

/// <summary>Joining a program (slug, terms, agreements, application settings and review): the host library's handlers.</summary>
public sealed class JoiningFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IProgramSlugStore slugs,
    IJoinSettingsStore settings,
    ITermsStore terms,
    IAgreementStore agreements,
    IPartnerDirectory directory,
    IApplicationStore applications,
    PublishTerms publish,
    DecideApplication decide,
    SignInLinks signIn,
    IOptions<ReferralsOptions> options)
{
    [Function("SetProgramSlug")]
    public Task<IActionResult> SetSlugAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/slug")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.SetSlugAsync(programId, request, programs, slugs, options, cancellationToken), programId);

    [Function("GetJoinSettings")]
    public Task<IActionResult> GetJoinSettingsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/join-settings")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.GetJoinSettingsAsync(programId, programs, settings, cancellationToken), programId);

    [Function("SetJoinSettings")]
    public Task<IActionResult> SetJoinSettingsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/join-settings")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.SetJoinSettingsAsync(programId, request, programs, settings, cancellationToken), programId);

    [Function("PublishTerms")]
    public Task<IActionResult> PublishTermsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/terms")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.PublishTermsAsync(programId, request, publish, options, cancellationToken), programId);

    [Function("GetTerms")]
    public Task<IActionResult> GetTermsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/terms")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.ReadProgram, async cancellationToken => await JoiningApi.GetTermsAsync(programId, programs, terms, cancellationToken), programId);

    [Function("ListAgreements")]
    public Task<IActionResult> ListAgreementsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/agreements")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.ListAgreementsAsync(programId, programs, terms, agreements, directory, cancellationToken), programId);

    [Function("ListApplications")]
    public Task<IActionResult> ListApplicationsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/applications")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.ListApplicationsAsync(programId, request.Query["status"], programs, applications, cancellationToken), programId);

    [Function("DecideApplication")]
    public Task<IActionResult> DecideApplicationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/applications/{applicationId}/decision")] HttpRequest request, string programId, string applicationId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await JoiningApi.DecideApplicationAsync(programId, applicationId, request, decide, signIn, options, cancellationToken), programId);
}
