using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebOcperf.Infrastructure;

namespace WebOcperf.Health;

/// <summary>
/// <c>/healthz</c> for monitors and container orchestrators: perf found, the data directory writable, the database
/// reachable. It answers without the access token, so it says no more than each check's name and outcome — no paths,
/// versions or error messages.
/// </summary>
public static class HealthRegistration
{
    public const string Path = "/healthz";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PerfHealthCheck>(PerfHealthCheck.Name)
            .AddCheck<DataDirectoryHealthCheck>(DataDirectoryHealthCheck.Name)
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            // Degraded is not used; anything but Healthy means runs cannot be trusted to start
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    /// <summary><c>{"status": "Unhealthy", "failed": ["dataDirectory"], "checks": {"perf": "Healthy", …}}</c>.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        var answer = new HealthAnswer(report.Status,
            report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList(),
            report.Entries.ToDictionary(e => e.Key, e => e.Value.Status));
        return context.Response.WriteAsJsonAsync(answer, ApiJson.Options);
    }
}

/// <summary>What <c>/healthz</c> says: the overall status, the checks that failed, and every check's outcome.</summary>
public sealed record HealthAnswer(HealthStatus Status, IReadOnlyList<string> Failed, IReadOnlyDictionary<string, HealthStatus> Checks);
