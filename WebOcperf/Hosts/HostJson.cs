using WebOcperf.Running.Remote;

namespace WebOcperf.Hosts;

/// <summary>One machine as <c>GET /api/v1/hosts</c> shows it.</summary>
public sealed record HostDto(
    string Name,
    string? Destination,
    bool IsLocal,
    bool Reachable,
    bool CanRun,
    string? Problem,
    string? PerfVersion,
    string? Kernel,
    string? Cpu,
    string? CpuString,
    bool? HardwarePmu,
    int? PerfEventParanoid,
    int? KptrRestrict,
    string? User,
    IReadOnlyList<string> Warnings,
    DateTime CheckedAt,
    double CheckMilliseconds)
{
    public static HostDto From(HostStatus status) => new(
        status.Name, status.Destination, status.IsLocal, status.Reachable, status.CanRun, status.Problem,
        status.Facts?.PerfVersion, status.Facts?.Kernel, status.Facts?.CpuModel, status.Facts?.CpuString,
        status.Facts?.HasHardwarePmu, status.Facts?.PerfEventParanoid, status.Facts?.KptrRestrict, status.Facts?.User,
        status.Facts?.Warnings ?? [], status.CheckedAt, Math.Round(status.Took.TotalMilliseconds, 1));
}

/// <summary>Checks every machine at once (each over its own connection), in the configured order.</summary>
public static class HostOverview
{
    public static async Task<IReadOnlyList<HostStatus>> CheckAllAsync(HostChecks checks, bool fresh, CancellationToken cancellationToken) =>
        await Task.WhenAll(checks.Names.Select(name => checks.CheckAsync(name, fresh, cancellationToken)));
}
