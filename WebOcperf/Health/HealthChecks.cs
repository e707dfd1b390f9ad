using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WebOcperf.Data;
using WebOcperf.Infrastructure;
using WebOcperf.Running;

namespace WebOcperf.Health;

/// <summary>perf was found at start-up and is still there.</summary>
public sealed class PerfHealthCheck(PerfInstallation perf) : IHealthCheck
{
    public const string Name = "perf";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(perf.ExecutablePath is { } path && File.Exists(path)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(perf.Problem ?? "perf is gone from where it was found"));
}

/// <summary>A file can be written in the data directory (runs write their files there).</summary>
public sealed class DataDirectoryHealthCheck(IOptions<WebOcperfOptions> options) : IHealthCheck
{
    public const string Name = "dataDirectory";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await CanWriteAsync(options.Value.ResolveDataDirectory(), cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the data directory is not writable");

    /// <summary>Writes and removes a small file; permissions alone would not tell (root, read-only mounts, a full disk).</summary>
    public static async Task<bool> CanWriteAsync(string directory, CancellationToken cancellationToken)
    {
        var probe = System.IO.Path.Combine(directory, $".healthz-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>The database answers a query on its tables.</summary>
public sealed class DatabaseHealthCheck(WebOcperfDb db) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Sessions.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("the database did not answer", e);
        }
    }
}
