using System.Collections.Concurrent;

namespace WebOcperf.Perf.Catalog;

/// <summary>What the kernel exposes about PMUs: which exist and which format terms they accept.</summary>
public interface IPmuTopology
{
    /// <summary>Whether <c>&lt;devices&gt;/&lt;pmu&gt;</c> exists (<c>cpu</c>, <c>uncore_cbox_0</c>, …).</summary>
    bool PmuExists(string pmu);

    /// <summary>
    /// Whether the PMU accepts the format term; null when there is no format directory to check against, in which
    /// case callers keep the term (this is how a machine without the PMU can still produce command lines).
    /// </summary>
    bool? HasFormat(string pmu, string term);
}

/// <summary>No PMUs at all: resolution keeps every qualifier and nothing is exploded.</summary>
public sealed class EmptyPmuTopology : IPmuTopology
{
    public static readonly EmptyPmuTopology Instance = new();
    public bool PmuExists(string pmu) => false;
    public bool? HasFormat(string pmu, string term) => null;
}

/// <summary>Reads a sysfs devices directory (default <c>/sys/devices</c>, injectable for tests); answers are cached.</summary>
public sealed class SysfsPmuTopology(string devicesDirectory) : IPmuTopology
{
    public const string DefaultDevicesDirectory = "/sys/devices";

    private readonly ConcurrentDictionary<string, bool> exists = new(StringComparer.Ordinal);

    public string DevicesDirectory { get; } = devicesDirectory;

    public bool PmuExists(string pmu) => Exists(Path.Combine(DevicesDirectory, pmu));

    public bool? HasFormat(string pmu, string term)
    {
        var formatDirectory = Path.Combine(DevicesDirectory, pmu, "format");
        return Exists(formatDirectory) ? Exists(Path.Combine(formatDirectory, term)) : null;
    }

    private bool Exists(string path) => exists.GetOrAdd(path, p => Directory.Exists(p) || File.Exists(p));
}
