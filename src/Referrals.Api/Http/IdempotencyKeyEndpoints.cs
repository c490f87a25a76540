namespace Referrals.Api.Http;

/// <summary>How an endpoint that creates something takes an <c>Idempotency-Key</c> (see <see cref="IdempotentCreates"/>).</summary>
public static class IdempotencyKeyEndpoints
{
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint
            .WithMetadata(new IdempotentCreateMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddEndpointFilter(async (context, next) =>
                await context.HttpContext.RequestServices.GetRequiredService<IdempotentCreates>().RunAsync(context.HttpContext, async () =>
                {
                    var value = await next(context);
                    return value as IResult ?? TypedResults.Ok(value);
                }));
    }
}
