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
    /// Whether the machine may have a PMU perf would match to this name (perf expands <c>uncore_cbox</c> to
    /// <c>uncore_cbox_0</c>, …); false only when it surely has none, null when there is nothing to tell from.
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

    /// <summary>
    /// PMUs with a parent device live below <c>/sys/devices/platform</c>: so the names are the devices directory's and
    /// the kernel's flat list of PMUs, matched as perf does (<see cref="PmuNameMatching"/>).
    /// </summary>
    public bool? HasPmu(string pmu)
    {
        var names = pmuNames ??= ListPmuNames();
        return PmuNameMatching.MayMatch(names, pmu);
    }

    private const string EventSourceDevices = "/sys/bus/event_source/devices";

    private List<string>? pmuNames;

    /// <summary>Every PMU name there is to see: the devices directory's entries, and the kernel's flat list of PMUs.</summary>
    private List<string> ListPmuNames()
    {
        var names = new List<string>();
        if (Directory.Exists(DevicesDirectory))
        {
            names.AddRange(Directory.EnumerateDirectories(DevicesDirectory).Select(Path.GetFileName).OfType<string>());
        }
        if (DevicesDirectory == DefaultDevicesDirectory && Directory.Exists(EventSourceDevices))
        {
            names.AddRange(Directory.EnumerateFileSystemEntries(EventSourceDevices).Select(Path.GetFileName).OfType<string>());
        }
        return names;
    }

    private bool Exists(string path) => exists.GetOrAdd(path, p => Directory.Exists(p) || File.Exists(p));
}

/// <summary>How perf matches a PMU name someone wrote to the PMUs a kernel registered.</summary>
internal static class PmuNameMatching
{
    /// <summary>
    /// perf matches PMU names loosely (an <c>uncore_</c> prefix may be left out, boxes may be numbered with or without
    /// an underscore, or by a hex address): false only when no registered PMU starts with the name, with or without
    /// <c>uncore_</c>; null when there are no names to tell from.
    /// </summary>
    public static bool? MayMatch(IReadOnlyCollection<string> registered, string pmu)
    {
        if (registered.Count == 0)
        {
            return null;
        }
        var bare = WithoutUncorePrefix(pmu);
        return registered.Any(name => name.StartsWith(pmu, StringComparison.Ordinal)
            || WithoutUncorePrefix(name).StartsWith(bare, StringComparison.Ordinal));
    }

    private static string WithoutUncorePrefix(string name) =>
        name.StartsWith("uncore_", StringComparison.Ordinal) ? name["uncore_".Length..] : name;
}

/// <summary>
/// The PMUs another machine's kernel registered, as its <c>/sys/bus/event_source/devices</c> listed them with their
/// format terms (read over ssh): the same answers <see cref="SysfsPmuTopology"/> gives for this machine.
/// </summary>
public sealed class ListedPmuTopology : IPmuTopology
{
    private readonly Dictionary<string, HashSet<string>> formats;

    /// <param name="pmus">Each PMU's name and its format terms (none when it has no format directory).</param>
    public ListedPmuTopology(IEnumerable<(string Name, IEnumerable<string> FormatTerms)> pmus)
    {
        formats = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (name, terms) in pmus)
        {
            formats[name] = new HashSet<string>(terms, StringComparer.Ordinal);
        }
    }

    public bool PmuExists(string pmu) => formats.ContainsKey(pmu);

    /// <summary>A PMU without format terms (software, tracepoint) has nothing to check against, as on sysfs.</summary>
    public bool? HasFormat(string pmu, string term) =>
        formats.TryGetValue(pmu, out var terms) && terms.Count > 0 ? terms.Contains(term) : null;

    public bool? HasPmu(string pmu) => PmuNameMatching.MayMatch(formats.Keys, pmu);
}
