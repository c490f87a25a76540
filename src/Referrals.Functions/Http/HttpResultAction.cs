using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Referrals.Functions.Http;

/// <summary>
/// Runs a minimal-API result (the server's handlers answer with <see cref="IResult"/>) as the
/// <see cref="IActionResult"/> the Functions ASP.NET Core integration writes to the response.
/// </summary>
internal sealed class HttpResultAction(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
