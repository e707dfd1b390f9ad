namespace WebOcperf.Perf.Catalog;

/// <summary>Where to look for Intel event files.</summary>
/// <param name="EventMap">Like ocperf's EVENTMAP: a CPU string, or a path to one event file; empty to use the CPU.</param>
/// <param name="PerfmonDirectory">A directory laid out like Intel's perfmon repository (mapfile.csv + per-CPU folders).</param>
/// <param name="CacheDirectory">ocperf's cache (<c>~/.cache/pmu-events</c>), as filled by event_download or <see cref="PerfmonDownloader"/>.</param>
public sealed record IntelEventSources(
    string? EventMap,
    string? PerfmonDirectory,
    string CacheDirectory,
    string CpuInfoPath = "/proc/cpuinfo",
    bool IncludeExperimental = false)
{
    /// <summary>ocperf's cache directory: <c>$XDG_CACHE_HOME/pmu-events</c>, else <c>~/.cache/pmu-events</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome))
        {
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cacheHome, "pmu-events");
    }
}

/// <summary>
/// Finds and reads the Intel event files for a CPU (file IO lives here; encoding is in <see cref="IntelEventTableReader"/>).
/// Order: an EVENTMAP file path; else the perfmon directory's mapfile; else ocperf's cache names
/// (<c>GenuineIntel-6-55-4-core.json</c>, <c>…-hybridcore-Atom.json</c>, or the cache's own mapfile.csv).
/// </summary>
public static class IntelEventListLoader
{
    public static IntelEventLists Load(IntelEventSources sources, IPmuTopology topology)
    {
        var problems = new List<string>();
        var eventMap = sources.EventMap?.Trim() ?? "";
        if (eventMap.Length > 0 && !CpuIdentity.LooksLikeCpuString(eventMap))
        {
            var path = eventMap.Contains('/') ? eventMap : Path.Combine(sources.CacheDirectory, eventMap);
            var file = new IntelEventFile(path, "core", null);
            return Read(Path.GetFileName(path), [file], topology, problems);
        }
        var cpuString = eventMap.Length > 0 ? eventMap : DetectCpuString(sources.CpuInfoPath, problems);
        if (cpuString is null)
        {
            return IntelEventLists.None("unknown CPU", problems);
        }
        var files = FromPerfmonDirectory(sources, cpuString);
        if (files.Count == 0)
        {
            files = FromCache(sources, cpuString);
        }
        if (files.Count == 0)
        {
            problems.Add($"no Intel event list for {cpuString} in {Describe(sources)}");
            return IntelEventLists.None(cpuString, problems);
        }
        return Read(cpuString, files, topology, problems);
    }

    private static string Describe(IntelEventSources sources) =>
        string.IsNullOrWhiteSpace(sources.PerfmonDirectory)
            ? sources.CacheDirectory
            : $"{sources.PerfmonDirectory} or {sources.CacheDirectory}";

    private static string? DetectCpuString(string cpuInfoPath, List<string> problems)
    {
        try
        {
            var identity = CpuIdentity.FromCpuInfo(File.ReadAllText(cpuInfoPath));
            if (identity is null)
            {
                problems.Add($"{cpuInfoPath} has no vendor_id/cpu family/model/stepping");
            }
            return identity?.CpuString;
        }
        catch (IOException e)
        {
            problems.Add($"cannot read {cpuInfoPath}: {e.Message}");
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            problems.Add($"cannot read {cpuInfoPath}: {e.Message}");
            return null;
        }
    }

    private static bool IsWanted(PerfmonMapRow row, bool includeExperimental) =>
        row.EventType is "core" or "hybridcore" or "uncore" ||
        (includeExperimental && row.EventType is "core experimental" or "uncore experimental");

    private static List<IntelEventFile> FromPerfmonDirectory(IntelEventSources sources, string cpuString)
    {
        if (string.IsNullOrWhiteSpace(sources.PerfmonDirectory))
        {
            return [];
        }
        var mapPath = Path.Combine(sources.PerfmonDirectory, PerfmonMapFile.FileName);
        if (!File.Exists(mapPath))
        {
            return [];
        }
        return PerfmonMapFile.Match(PerfmonMapFile.Parse(File.ReadAllText(mapPath)), cpuString)
            .Where(r => IsWanted(r, sources.IncludeExperimental))
            .Select(r => new IntelEventFile(Path.Combine(sources.PerfmonDirectory, r.Filename.TrimStart('/')), r.EventType, r.CoreRole))
            .Where(f => File.Exists(f.Path))
            .ToList();
    }

    private static List<IntelEventFile> FromCache(IntelEventSources sources, string cpuString)
    {
        var cache = sources.CacheDirectory;
        var mapPath = Path.Combine(cache, PerfmonMapFile.FileName);
        if (File.Exists(mapPath))
        {
            var fromMap = PerfmonMapFile.Match(PerfmonMapFile.Parse(File.ReadAllText(mapPath)), cpuString)
                .Where(r => IsWanted(r, sources.IncludeExperimental))
                .Select(r => CachedFile(cache, cpuString, r))
                .OfType<IntelEventFile>()
                .ToList();
            if (fromMap.Count > 0)
            {
                return fromMap;
            }
        }
        // without a mapfile, try the names event_download writes, with and without the stepping
        var types = new List<(string Type, string? Role)> { ("core", null), ("hybridcore", "Core"), ("hybridcore", "Atom"), ("uncore", null) };
        if (sources.IncludeExperimental)
        {
            types.Add(("core experimental", null));
            types.Add(("uncore experimental", null));
        }
        foreach (var cpu in new[] { cpuString, CpuIdentity.WithoutStepping(cpuString) }.Distinct())
        {
            var found = types
                .Select(t => new IntelEventFile(Path.Combine(cache, new PerfmonMapRow(cpu, "", "", t.Type, t.Role).CacheFileName(cpu)), t.Type, t.Role))
                .Where(f => File.Exists(f.Path))
                .ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }
        return [];
    }

    private static IntelEventFile? CachedFile(string cache, string cpuString, PerfmonMapRow row)
    {
        foreach (var cpu in new[] { cpuString, CpuIdentity.WithoutStepping(cpuString) })
        {
            var path = Path.Combine(cache, row.CacheFileName(cpu));
            if (File.Exists(path))
            {
                return new IntelEventFile(path, row.EventType, row.CoreRole);
            }
        }
        // event_download also links the original file name (skylake_core.json) to the download
        var linked = Path.Combine(cache, PerfmonMapRow.Sanitize(Path.GetFileName(row.Filename)));
        return File.Exists(linked) ? new IntelEventFile(linked, row.EventType, row.CoreRole) : null;
    }

    private static IntelEventLists Read(string cpuString, List<IntelEventFile> files, IPmuTopology topology, List<string> problems)
    {
        var coreLists = new List<IntelCoreEventList>();
        var uncore = new Dictionary<string, IntelUncoreEvent>(StringComparer.Ordinal);
        var loaded = new List<IntelEventFile>();
        var clockBoxExists = topology.PmuExists("uncore_clock");
        // core files first: ocperf reads the core list, then adds uncore (and experimental) files to it
        foreach (var file in files.OrderBy(f => f.EventType.Contains("uncore", StringComparison.Ordinal)))
        {
            List<Dictionary<string, string>> rows;
            try
            {
                rows = IntelEventTableReader.ReadRows(File.ReadAllText(file.Path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException)
            {
                problems.Add($"cannot read {file.Path}: {e.Message}");
                continue;
            }
            if (file.EventType.Contains("uncore", StringComparison.Ordinal))
            {
                IntelEventTableReader.AddUncoreEvents(uncore, rows, clockBoxExists);
            }
            else
            {
                var pmu = PmuFor(file);
                var list = coreLists.FirstOrDefault(l => l.Pmu == pmu);
                if (list is null)
                {
                    list = new IntelCoreEventList(pmu, Path.GetFileName(file.Path));
                    coreLists.Add(list);
                }
                IntelEventTableReader.AddCoreEvents(list, rows,
                    offcoreTerms: topology.HasFormat(pmu, "offcore_rsp") != false,
                    ldlatTerms: topology.HasFormat(pmu, "ldlat") != false);
            }
            loaded.Add(file);
        }
        // ocperf lists cpu_core before cpu_atom, so an ambiguous plain name resolves to the big cores
        coreLists.Sort((a, b) => PmuOrder(a.Pmu).CompareTo(PmuOrder(b.Pmu)));
        return new IntelEventLists(cpuString, coreLists, uncore, loaded, problems);
    }

    /// <summary>
    /// Hybrid files map to the kernel's cpu_core/cpu_atom PMUs even when this machine's sysfs does not have them,
    /// so that command lines for another machine come out right.
    /// </summary>
    private static string PmuFor(IntelEventFile file) => file.EventType == "hybridcore"
        ? file.CoreRole == "Atom" ? HybridPmus.Atom : HybridPmus.Core
        : HybridPmus.Plain;

    private static int PmuOrder(string pmu) => pmu switch
    {
        HybridPmus.Plain => 0,
        HybridPmus.Core => 1,
        _ => 2,
    };
}
