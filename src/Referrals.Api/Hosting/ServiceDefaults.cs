using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Referrals.Storage;

namespace Referrals.Api.Hosting;

/// <summary>What every host of the product gets: telemetry, health checks, problem details.</summary>
public static class ServiceDefaults
{
    private const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);

        // Export only where a collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. Azure Monitor's agent or a local Aspire dashboard.
        // Without one, tracing is not registered at all: an activity per redirect that nobody exports
        // costs the hot path allocations for nothing. Metrics stay (they are aggregated in process).
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("referrals-server"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ReferralMetrics.MeterName));
        if (exporting)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The liveness answer: the process serves requests.</summary>
    public static IResult Healthy { get; } = TypedResults.Text("Healthy", "text/plain");

    /// <summary>The readiness answer of a host without the health-check middleware: 200 when storage is reachable, else 503.</summary>
    public static async Task<IResult> ReadinessAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        return report.Status == HealthStatus.Healthy
            ? Healthy
            : TypedResults.Text(report.Status.ToString(), "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
        return app;
    }
}
