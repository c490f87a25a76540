using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Conversions;
using Referrals.Api.Hosting;
using Referrals.Api.Leads;
using Referrals.Api.Security;
using Referrals.Core.Conversions;
using Referrals.Core.Leads;

namespace Referrals.Functions.Http;

/// <summary>What shops report server to server: conversions and registered leads. The host library's handlers.</summary>
public sealed class ConversionFunctions(HttpFunctionRunner http, RecordConversion recordConversion, IConversionStore conversions, RegisterLead registerLead, ReferralMetrics metrics)
{
    [Function("RecordConversion")]
    public Task<IActionResult> RecordAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/conversions")] HttpRequest request, string programId) =>
        http.CreateAsync(request, EndpointRoles.Conversions, async cancellationToken => await ConversionsApi.RecordAsync(programId, request, recordConversion, metrics, cancellationToken), programId);

    [Function("GetConversion")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/conversions/{conversionId}")] HttpRequest request, string programId, string conversionId) =>
        http.ApiAsync(request, EndpointRoles.Conversions, async cancellationToken => await ConversionsApi.GetAsync(programId, conversionId, conversions, cancellationToken), programId);

    [Function("RegisterLead")]
    public Task<IActionResult> RegisterLeadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/leads")] HttpRequest request, string programId) =>
        http.CreateAsync(request, EndpointRoles.RegisterLead, async cancellationToken => await LeadsApi.RegisterAsync(programId, request, registerLead, cancellationToken), programId);
}
