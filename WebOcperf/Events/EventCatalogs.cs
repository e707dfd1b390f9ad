using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Catalog;
using WebOcperf.Running;
using WebOcperf.Running.Remote;

namespace WebOcperf.Events;

/// <summary>A host's catalog cannot be built now: the host is unreachable, refuses the key, or has no perf.</summary>
public sealed class HostCatalogUnavailableException(string host, string problem)
    : Exception($"{host}: {problem}")
{
    public string Host { get; } = host;

    public string Problem { get; } = problem;
}

/// <summary>
/// The event catalog of each machine a run can go to. This machine's is <see cref="EventCatalogService"/>'s; a host's
/// is built from what the host itself says: its <c>perf list</c> (run over its shared ssh connection), its PMUs and
/// their format terms (from its check, <see cref="HostChecks"/>) and the Intel event list of its CPU (its
/// <c>/proc/cpuinfo</c>, or the host's <c>EventMap</c>), read from this machine's perfmon directory or cache. Each is
/// built once, on first use, and kept until rebuilt; a host that cannot be reached, or whose perf list did not answer, is
/// not remembered as empty.
/// </summary>
public sealed partial class EventCatalogs(
    EventCatalogService local,
    RunTargets targets,
    HostChecks hosts,
    IOptions<WebOcperfOptions> options,
    IOptions<EventCatalogOptions> catalogOptions,
    ILogger<EventCatalogs> logger)
{
    private readonly ConcurrentDictionary<string, EventCatalog> built = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> buildLocks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every machine there is a catalog of: <c>local</c> first, then the configured hosts.</summary>
    public IReadOnlyList<string> HostNames => hosts.Names;

    /// <summary>The configured spelling of a machine's name (empty: <c>local</c>), or null when no machine has it.</summary>
    public string? Canonical(string? host) => hosts.Canonical(host);

    /// <summary>The machine's catalog; throws <see cref="HostCatalogUnavailableException"/> when a host cannot be asked.</summary>
    /// <param name="host">A name <see cref="Canonical"/> knows; null or empty for this machine.</param>
    public async Task<EventCatalog> GetAsync(string? host, CancellationToken cancellationToken)
    {
        var name = CanonicalOrThrow(host);
        if (HostChecks.IsLocal(name))
        {
            return await local.GetAsync(cancellationToken);
        }
        if (built.TryGetValue(name, out var catalog))
        {
            return catalog;
        }
        return await BuildOnceAsync(name, fresh: false, cancellationToken);
    }

    /// <summary>Builds the machine's catalog again (perf list, PMUs and Intel files read anew); readers keep the old one meanwhile.</summary>
    public async Task<EventCatalog> RefreshAsync(string? host, CancellationToken cancellationToken)
    {
        var name = CanonicalOrThrow(host);
        if (HostChecks.IsLocal(name))
        {
            return await local.RefreshAsync(cancellationToken);
        }
        return await BuildOnceAsync(name, fresh: true, cancellationToken);
    }

    /// <summary>
    /// One build of a host's catalog at a time; a reader who waited for another's build takes its result. The build
    /// itself is not cancelled by a reader who leaves: the others wait for the same one.
    /// </summary>
    /// <param name="fresh">Build again even when a catalog is kept (and check the host again).</param>
    private async Task<EventCatalog> BuildOnceAsync(string name, bool fresh, CancellationToken cancellationToken)
    {
        var gate = buildLocks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return !fresh && built.TryGetValue(name, out var catalog)
                ? catalog
                : built[name] = await BuildRemoteAsync(name, fresh, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Fetches the Intel event files of the machine's CPU into the cache, then rebuilds its catalog.</summary>
    public async Task<DownloadReport> DownloadAsync(string? host, CancellationToken cancellationToken)
    {
        var name = CanonicalOrThrow(host);
        if (HostChecks.IsLocal(name))
        {
            return await local.DownloadAsync(cancellationToken);
        }
        var (cpuString, _) = await HostCpuAsync(name, fresh: false, cancellationToken);
        if (cpuString is null)
        {
            return new DownloadReport("unknown CPU", [], $"{name}'s /proc/cpuinfo names no CPU an Intel list exists for; set EventMap of the host to a CPU string");
        }
        var report = await local.DownloadForCpuAsync(cpuString, cancellationToken);
        await RefreshAsync(name, cancellationToken);
        return report;
    }

    private string CanonicalOrThrow(string? host) =>
        Canonical(host) ?? throw new ArgumentException($"no host is named '{host}'", nameof(host));

    /// <summary>The CPU string whose Intel list the host's catalog uses, and the host's check it came from.</summary>
    private async Task<(string? CpuString, HostStatus Status)> HostCpuAsync(string name, bool fresh, CancellationToken cancellationToken)
    {
        var status = await hosts.CheckAsync(name, fresh, cancellationToken);
        if (status.Facts is null)
        {
            throw new HostCatalogUnavailableException(name, status.Problem ?? "the host did not answer");
        }
        var eventMap = options.Value.FindHost(name)?.EventMap?.Trim() ?? "";
        // what the host says is only ever a CPU string here, never a path on this machine
        var hostCpu = status.Facts.CpuString is { } said && CpuStringPattern().IsMatch(said) ? said : null;
        return (CpuIdentity.LooksLikeCpuString(eventMap) ? eventMap : hostCpu, status);
    }

    private async Task<EventCatalog> BuildRemoteAsync(string name, bool fresh, CancellationToken cancellationToken)
    {
        var (cpuString, status) = await HostCpuAsync(name, fresh, cancellationToken);
        var facts = status.Facts!;
        var settings = catalogOptions.Value;
        var output = await PerfList.RunAsync(targets.For(name), settings.PerfListTimeout, cancellationToken);
        if (output.Text is null)
        {
            // perf missing there, the link lost, perf list too slow: a catalog without perf's events would refuse them
            // all until rebuilt, so none is kept and the next use asks again
            throw new HostCatalogUnavailableException(name, status.Problem ?? output.Error ?? "perf list gave no answer");
        }
        if (output.Error is not null)
        {
            LogPerfListFailed(name, output.Error);
        }
        var perfList = output.Text is null ? null : PerfListParser.Parse(output.Text);
        var topology = new ListedPmuTopology(facts.Pmus.Select(p => (p.Name, (IEnumerable<string>)p.FormatTerms)));
        var intel = await Task.Run(() => LoadIntelLists(name, cpuString, topology, settings), cancellationToken);
        var catalog = EventCatalogBuilder.Build(perfList, output.Error, intel, topology, name);
        LogCatalogBuilt(name, catalog.Entries.Count, catalog.CpuString);
        return catalog;
    }

    private IntelEventLists LoadIntelLists(string name, string? cpuString, IPmuTopology topology, EventCatalogOptions settings)
    {
        var eventMap = options.Value.FindHost(name)?.EventMap?.Trim() ?? "";
        // an event file named by the host's EventMap is this machine's file; else the list of the host's CPU
        var map = eventMap.Length > 0 && !CpuIdentity.LooksLikeCpuString(eventMap) ? eventMap : cpuString;
        if (map is null)
        {
            return IntelEventLists.None("unknown CPU", [$"{name}'s /proc/cpuinfo has no vendor_id/cpu family/model/stepping"]);
        }
        var sources = new IntelEventSources(map, settings.PerfmonDirectory, settings.ResolveCacheDirectory(),
            IncludeExperimental: settings.IncludeExperimental);
        return IntelEventListLoader.Load(sources, topology);
    }

    /// <summary>vendor-family-model[-stepping], as <see cref="CpuIdentity"/> writes it: <c>GenuineIntel-6-55-4</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z]{1,32}(-[0-9A-Fa-f]{1,8}){2,3}$")]
    private static partial System.Text.RegularExpressions.Regex CpuStringPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "perf list on {Host} failed: {Error}")]
    private partial void LogPerfListFailed(string host, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event catalog of {Host} built: {Count} events (CPU {CpuString})")]
    private partial void LogCatalogBuilt(string host, int count, string? cpuString);
}
