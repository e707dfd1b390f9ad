namespace WebOcperf.Events;

/// <summary>The <c>WebOcperf:EventCatalog</c> configuration section.</summary>
public sealed class EventCatalogOptions
{
    public const string SectionName = "WebOcperf:EventCatalog";

    /// <summary>Intel's published perfmon files (what ocperf's event_download fetches from).</summary>
    public const string IntelPerfmonUrl = "https://raw.githubusercontent.com/intel/perfmon/main";

    /// <summary>Like ocperf's EVENTMAP: a CPU string (<c>GenuineIntel-6-55-4</c>) or a path to an event file. Empty: this CPU.</summary>
    public string EventMap { get; set; } = "";

    /// <summary>A directory laid out like Intel's perfmon repository (mapfile.csv + per-CPU folders); empty to use only the cache.</summary>
    public string PerfmonDirectory { get; set; } = "";

    /// <summary>ocperf's cache of downloaded event files. Empty: $XDG_CACHE_HOME/pmu-events or ~/.cache/pmu-events.</summary>
    public string CacheDirectory { get; set; } = "";

    /// <summary>Where <see cref="EventCatalogService.DownloadAsync"/> fetches mapfile.csv and the event files.</summary>
    public string DownloadBaseUrl { get; set; } = IntelPerfmonUrl;

    public string CpuInfoPath { get; set; } = "/proc/cpuinfo";

    /// <summary>The sysfs PMU directory used to decide availability and to expand uncore boxes.</summary>
    public string SysfsDevicesDirectory { get; set; } = "/sys/devices";

    /// <summary>Also read the "experimental" core and uncore files.</summary>
    public bool IncludeExperimental { get; set; }

    public TimeSpan PerfListTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public string ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory)
            ? Perf.Catalog.IntelEventSources.DefaultCacheDirectory()
            : Path.GetFullPath(CacheDirectory);
}
