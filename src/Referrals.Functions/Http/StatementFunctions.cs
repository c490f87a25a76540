using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Security;
using Referrals.Api.Statements;
using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Statements;

namespace Referrals.Functions.Http;

/// <summary>A partner's statement per period, as JSON and as CSV: the host library's handlers.</summary>
public sealed class StatementFunctions(
    HttpFunctionRunner http,
    ReadPartnerStatement statements)
{
    [Function("GetPartnerStatement")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/statements/{period}")] HttpRequest request, string partnerId, string period) =>
        http.ApiAsync(request, EndpointRoles.ReadStatement, async cancellationToken => await StatementsApi.GetAsync(
            partnerId, period, statements, cancellationToken), partnerId: partnerId);

    [Function("GetPartnerStatementFile")]
    public Task<IActionResult> GetFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/statements/{period}/statement.csv")] HttpRequest request, string partnerId, string period) =>
        http.ApiAsync(request, EndpointRoles.ReadStatement, async cancellationToken => await StatementsApi.CsvAsync(
            partnerId, period, statements, cancellationToken), partnerId: partnerId);
}
