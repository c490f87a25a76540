using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Core.Conversions;
using Referrals.Server.Conversions;
using Referrals.Server.Hosting;
using Referrals.Server.Security;

namespace Referrals.Functions.Http;

/// <summary><c>POST /api/v1/programs/{programId}/conversions</c>: the server's conversions handler, behind the same API key check.</summary>
public sealed class ConversionFunctions(RecordConversion recordConversion, ReferralMetrics metrics)
{
    [Function("RecordConversion")]
    public async Task<IActionResult> RecordAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/conversions")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ApiKeys.RequireAsync(request, programId, Roles.Shop)
            ?? new HttpResultAction(await ConversionsApi.RecordAsync(programId, request, recordConversion, metrics, request.HttpContext.RequestAborted));
    }
}
