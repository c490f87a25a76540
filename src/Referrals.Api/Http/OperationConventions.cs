namespace Referrals.Api.Http;

/// <summary>
/// How an API endpoint describes itself, in one call: its operation name (stable and verb-first, e.g.
/// <c>ListPartners</c>: generated clients name their methods after it), its tag (one of
/// <see cref="ApiTags"/>) and the problem answers it gives beyond the ones every endpoint shares
/// (400 for a body or query, 404 for a path, 401/403 behind a key, 429 when rate-limited, 503).
/// </summary>
public static class OperationConventions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string name, string tag, params int[] problems)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(problems);
        endpoint.WithName(name).WithTags(tag);
        foreach (var status in problems)
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    /// <summary>
    /// Marks a create that an archived program refuses with a 409 problem of type
    /// <see cref="Problems.ProgramArchivedType"/>, so the description documents it.
    /// </summary>
    public static RouteHandlerBuilder RefusesArchivedProgram(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.ProducesProblem(StatusCodes.Status409Conflict).WithMetadata(ArchivedProgramRefusal.Instance);
    }
}
