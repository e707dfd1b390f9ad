using WebOcperf.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Catalog;

/// <summary>Paths to the golden files and perfmon slices copied to the test output, and helpers to load them.</summary>
internal static class CatalogTestData
{
    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Perf", "Catalog", "Golden", name);

    public static string PerfmonDirectory => Path.Combine(AppContext.BaseDirectory, "Perf", "Catalog", "TestData", "perfmon");

    public static string Perfmon(string relativePath) => Path.Combine(PerfmonDirectory, relativePath);

    public static string SkylakeCore => Perfmon("SKL/events/skylake_core.json");

    public static IntelCoreEventList CoreList(string pmu, params string[] files)
    {
        var list = new IntelCoreEventList(pmu, Path.GetFileName(files[0]));
        foreach (var file in files)
        {
            IntelEventTableReader.AddCoreEvents(list, IntelEventTableReader.ReadRows(File.ReadAllText(file)), offcoreTerms: true, ldlatTerms: true);
        }
        return list;
    }

    public static Dictionary<string, IntelUncoreEvent> Uncore(string file, bool clockBoxExists = false)
    {
        var events = new Dictionary<string, IntelUncoreEvent>(StringComparer.Ordinal);
        IntelEventTableReader.AddUncoreEvents(events, IntelEventTableReader.ReadRows(File.ReadAllText(file)), clockBoxExists);
        return events;
    }

    public static IntelEventResolver Resolver(IPmuTopology topology, IReadOnlyList<IntelCoreEventList> coreLists,
        Dictionary<string, IntelUncoreEvent>? uncore = null, string cpu = "GenuineIntel-6-5E") =>
        new(new IntelEventLists(cpu, coreLists, uncore ?? [], [], []), topology);
}

/// <summary>A throw-away sysfs devices directory with the PMU folders a test asks for.</summary>
internal sealed class FakeSysfs : IDisposable
{
    public FakeSysfs(params string[] pmuPaths)
    {
        Root = Path.Combine(Path.GetTempPath(), "webocperf-sysfs-" + Guid.NewGuid().ToString("N"));
        foreach (var pmuPath in pmuPaths)
        {
            Directory.CreateDirectory(Path.Combine(Root, pmuPath));
        }
    }

    public string Root { get; }

    public SysfsPmuTopology Topology => new(Root);

    /// <summary>Adds <c>&lt;pmu&gt;/format/&lt;term&gt;</c> files.</summary>
    public FakeSysfs WithFormat(string pmu, params string[] terms)
    {
        var format = Path.Combine(Root, pmu, "format");
        Directory.CreateDirectory(format);
        foreach (var term in terms)
        {
            File.WriteAllText(Path.Combine(format, term), "config:0-7\n");
        }
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
