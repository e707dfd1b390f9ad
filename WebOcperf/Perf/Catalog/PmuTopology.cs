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

    /// <summary>
    /// Whether the machine has a PMU by this name, or numbered boxes of it as perf expands them (<c>uncore_cbox</c> →
    /// <c>uncore_cbox_0</c>, …); null when there is no devices directory to tell.
    /// </summary>
    bool? HasPmu(string pmu);
}

/// <summary>No PMUs at all: resolution keeps every qualifier and nothing is exploded.</summary>
public sealed class EmptyPmuTopology : IPmuTopology
{
    public static readonly EmptyPmuTopology Instance = new();
    public bool PmuExists(string pmu) => false;
    public bool? HasFormat(string pmu, string term) => null;
    public bool? HasPmu(string pmu) => null;
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

    public bool? HasPmu(string pmu)
    {
        if (!Exists(DevicesDirectory))
        {
            return null;
        }
        if (PmuExists(pmu) || BoxesOf(pmu))
        {
            return true;
        }
        // the kernel lists every PMU it registered here, also those whose device lives deeper than /sys/devices/<pmu>
        return DevicesDirectory == DefaultDevicesDirectory && Exists(Path.Combine(EventSourceDevices, pmu));
    }

    private const string EventSourceDevices = "/sys/bus/event_source/devices";

    private bool BoxesOf(string pmu) =>
        exists.GetOrAdd(Path.Combine(DevicesDirectory, pmu + "_*"), _ =>
            Directory.EnumerateDirectories(DevicesDirectory, pmu + "_*")
                .Any(box => Path.GetFileName(box)[(pmu.Length + 1)..].All(char.IsAsciiDigit)));

    private bool Exists(string path) => exists.GetOrAdd(path, p => Directory.Exists(p) || File.Exists(p));
}
