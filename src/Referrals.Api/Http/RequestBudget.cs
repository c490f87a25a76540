using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;

namespace Referrals.Api.Http;

/// <summary>
/// Bounds how long a request may wait on storage (<c>Referrals:RequestTimeout</c>): its
/// <see cref="HttpContext.RequestAborted"/> is also cancelled once the budget is spent, so a storage call
/// that hangs ends in an <see cref="OperationCanceledException"/>, which <see cref="StorageFailureHandler"/>
/// answers 503 with <c>Retry-After</c> (a sender retries) unless the client itself went away.
/// </summary>
public static class RequestBudget
{
    private static readonly object ClientTokenKey = new();

    /// <summary>Marks endpoints whose requests get the budget (see <see cref="UseRequestBudget"/>).</summary>
    public static TBuilder WithRequestBudget<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(Marker.Instance);
    }

    /// <summary>Gives every request to an endpoint marked with <see cref="WithRequestBudget{TBuilder}"/> its budget.</summary>
    public static IApplicationBuilder UseRequestBudget(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var budget = app.ApplicationServices.GetRequiredService<IOptions<ReferralsOptions>>().Value.RequestTimeout;
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null)
            {
                Limit(context, budget);
            }

            return next(context);
        });
    }

    /// <summary>Cancels the request's <see cref="HttpContext.RequestAborted"/> after <paramref name="budget"/> as well as when the client leaves.</summary>
    public static void Limit(HttpContext context, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = context.RequestAborted;
        var limited = CancellationTokenSource.CreateLinkedTokenSource(client);
        limited.CancelAfter(budget);
        context.Response.RegisterForDispose(limited);
        context.Items[ClientTokenKey] = client;
        context.RequestAborted = limited.Token;
    }

    /// <summary>Whether the client went away (as opposed to the budget being spent or a storage call timing out).</summary>
    public static bool ClientLeft(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = context.Items.TryGetValue(ClientTokenKey, out var token) && token is CancellationToken original ? original : context.RequestAborted;
        return client.IsCancellationRequested;
    }

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
