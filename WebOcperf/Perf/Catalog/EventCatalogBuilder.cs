namespace WebOcperf.Perf.Catalog;

/// <summary>Assembles the catalog from what perf listed, the Intel lists and the PMUs the kernel exposes.</summary>
public static class EventCatalogBuilder
{
    /// <summary>perf's generic hardware events; listed even when perf did not, so users see why they cannot be used.</summary>
    private static readonly (string Name, string[] Aliases)[] GenericHardwareEvents =
    [
        ("cpu-cycles", ["cycles"]), ("instructions", []), ("cache-references", []), ("cache-misses", []),
        ("branch-instructions", ["branches"]), ("branch-misses", []), ("bus-cycles", []),
        ("stalled-cycles-frontend", ["idle-cycles-frontend"]), ("stalled-cycles-backend", ["idle-cycles-backend"]),
        ("ref-cycles", []),
    ];


    /// <param name="perfList">What perf list printed, or null when it could not run.</param>
    /// <param name="perfListError">Why perf list did not run (shown as a problem and a source error).</param>
    /// <param name="machine">How messages name the machine: "this machine", or a host's name.</param>
    public static EventCatalog Build(PerfListResult? perfList, string? perfListError, IntelEventLists? intel, IPmuTopology topology,
        string machine = "this machine")
    {
        var entries = new List<CatalogEntry>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sources = new List<CatalogSource>();
        var problems = new List<string>();

        if (perfList is not null)
        {
            foreach (var entry in perfList.Entries.Where(e => seen.Add(e.Name)))
            {
                entries.Add(GenericEventDescriptions.Describe(entry));
            }
            if (!perfList.Entries.Any(e => e.Kind == EventKind.Hardware))
            {
                AddUnavailableHardwareEvents(entries, seen, machine);
            }
            sources.Add(new CatalogSource(PerfListParser.Source, "perf list", perfList.Entries.Count));
        }
        if (perfListError is not null)
        {
            problems.Add(perfListError);
            sources.Add(new CatalogSource(PerfListParser.Source, "perf list", 0, perfListError));
        }

        IntelEventResolver? resolver = null;
        if (intel is not null)
        {
            problems.AddRange(intel.Problems);
            resolver = new IntelEventResolver(intel, topology, machine);
            AddIntelEntries(entries, seen, intel, topology, sources, machine);
        }
        return new EventCatalog(entries, perfList?.SyntaxHelp ?? [], resolver, intel?.CpuString, sources, problems, topology, machine);
    }

    private static void AddUnavailableHardwareEvents(List<CatalogEntry> entries, HashSet<string> seen, string machine)
    {
        foreach (var (name, aliases) in GenericHardwareEvents.Where(h => seen.Add(h.Name)))
        {
            var description = GenericEventDescriptions.Find(name) ?? $"perf's generic hardware event {name}";
            entries.Add(new CatalogEntry(name, EventKind.Hardware, description, description, "cpu", aliases, null,
                "perf built-in", Available: false, UnavailableReason: $"no hardware PMU: perf list shows no hardware events on {machine}"));
        }
    }

    private static void AddIntelEntries(List<CatalogEntry> entries, HashSet<string> seen, IntelEventLists intel,
        IPmuTopology topology, List<CatalogSource> sources, string machine)
    {
        var hybrid = intel.CoreLists.Count > 1;
        var perfNames = new HashSet<string>(seen, StringComparer.OrdinalIgnoreCase);
        foreach (var list in intel.CoreLists)
        {
            var pmuExists = topology.PmuExists(list.Pmu);
            var reason = pmuExists ? null : $"no {list.Pmu} PMU on {machine} (the list is for {intel.CpuString})";
            var added = 0;
            foreach (var intelEvent in list.Events)
            {
                // on a hybrid CPU both lists keep their events: the same name means a different event per core type
                if (perfNames.Contains(intelEvent.Name) || !seen.Add(hybrid ? $"{list.Pmu}/{intelEvent.Name}/" : intelEvent.Name))
                {
                    continue;
                }
                entries.Add(new CatalogEntry(intelEvent.Name, EventKind.IntelCore, intelEvent.BriefDescription, intelEvent.Description,
                    list.Pmu, [], null, list.Source, pmuExists, reason));
                added++;
            }
            sources.Add(new CatalogSource($"Intel core events ({list.Pmu})", list.Source, added));
        }
        var uncoreAdded = 0;
        foreach (var uncore in intel.UncoreEvents.Values.Where(u => seen.Add(u.Name)).OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            var pmu = "uncore_" + uncore.Unit;
            var exists = topology.PmuExists(pmu) || topology.PmuExists(pmu + "_0");
            entries.Add(new CatalogEntry(uncore.Name, EventKind.IntelUncore, uncore.BriefDescription, uncore.Description, pmu, [], null,
                "uncore", exists, exists ? null : $"no {pmu} PMU on {machine}"));
            uncoreAdded++;
        }
        foreach (var file in intel.Files.Where(f => f.EventType.Contains("uncore", StringComparison.Ordinal)))
        {
            sources.Add(new CatalogSource("Intel uncore events", file.Path, uncoreAdded));
        }
    }
}
