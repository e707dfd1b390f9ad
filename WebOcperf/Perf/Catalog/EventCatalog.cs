using System.Text.RegularExpressions;

namespace WebOcperf.Perf.Catalog;

/// <summary>What was loaded from where, for display.</summary>
public sealed record CatalogSource(string Description, string Location, int EntryCount, string? Error = null);

/// <summary>
/// perf's events followed by the Intel events (de-duplicated case-insensitively), with search and ocperf-style
/// resolution of what the user typed into the string perf's <c>-e</c> takes. Immutable and thread-safe.
/// </summary>
public sealed partial class EventCatalog
{
    private readonly Dictionary<string, CatalogEntry> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> tracepoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly CatalogSearchIndex searchIndex;
    private readonly IntelEventResolver? intel;
    private readonly IPmuTopology? topology;

    /// <param name="topology">The machine's PMUs, to refuse a <c>pmu/…/</c> event whose PMU it does not have.</param>
    public EventCatalog(IReadOnlyList<CatalogEntry> entries, IReadOnlyList<EventSyntaxHelp> syntaxHelp, IntelEventResolver? intel,
        string? cpuString, IReadOnlyList<CatalogSource> sources, IReadOnlyList<string> problems, IPmuTopology? topology = null,
        string machine = "this machine")
    {
        this.topology = topology;
        Machine = machine;
        Entries = entries;
        SyntaxHelp = syntaxHelp;
        CpuString = cpuString;
        Sources = sources;
        Problems = problems;
        this.intel = intel;
        foreach (var entry in entries)
        {
            byName.TryAdd(entry.Name, entry);
            byName.TryAdd(entry.Selector, entry);
            foreach (var alias in entry.Aliases)
            {
                byName.TryAdd(alias, entry);
            }
            if (entry.Kind == EventKind.Tracepoint)
            {
                tracepoints.Add(entry.Name);
            }
        }
        searchIndex = new CatalogSearchIndex(entries);
    }

    public static EventCatalog Empty { get; } = new([], [], null, null, [], []);

    /// <summary>The machine the catalog is of, as messages name it: "this machine", or a host's name.</summary>
    public string Machine { get; }


    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>perf's raw-syntax lines (<c>rNNN</c>, <c>cpu/t1=v1…/modifier</c>, <c>mem:&lt;addr&gt;…</c>): help, not events.</summary>
    public IReadOnlyList<EventSyntaxHelp> SyntaxHelp { get; }

    /// <summary>The CPU string the Intel list is for (<c>GenuineIntel-6-55-4</c>), or null when none was looked up.</summary>
    public string? CpuString { get; }

    public IReadOnlyList<CatalogSource> Sources { get; }

    /// <summary>Problems met while building (perf missing, unreadable files); the catalog still works with the rest.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>By name, alias or selector, case-insensitively.</summary>
    public CatalogEntry? Find(string name) => byName.GetValueOrDefault(name.Trim());

    /// <summary>Name and description matches, exact and prefix name matches first; an empty query gives a first page by kind.</summary>
    public IReadOnlyList<CatalogEntry> Search(string query, int limit) => searchIndex.Search(query ?? "", limit);

    /// <summary>
    /// Turns what the user typed (a name with qualifiers and modifiers, a comma list, a <c>{group}</c>) into the text for
    /// perf's <c>-e</c>. Names perf knows and raw syntax pass through; Intel names are encoded as ocperf does.
    /// </summary>
    /// <param name="forRecord">Adds the event's SampleAfterValue as <c>period=</c>, as ocperf does for perf record.</param>
    public bool TryResolve(string userEvent, bool forRecord, out string perfEvent, out string? error)
    {
        perfEvent = "";
        error = null;
        var elements = EventListSyntax.SplitElements(userEvent.Trim());
        if (elements.Count == 0 || elements.Any(e => e.Trim().Trim('{', '}').Length == 0))
        {
            error = "empty event name";
            return false;
        }
        var resolved = new List<string>(elements.Count);
        foreach (var element in elements)
        {
            if (!TryResolveElement(element.Trim(), forRecord, out var text, out error))
            {
                return false;
            }
            resolved.Add(text);
        }
        perfEvent = string.Join(',', resolved);
        return true;
    }

    private bool TryResolveElement(string element, bool forRecord, out string perfEvent, out string? error)
    {
        var groupStart = element.StartsWith('{') ? "{" : "";
        var body = element[groupStart.Length..];
        var groupEnd = "";
        var closing = body.IndexOf('}');
        if (closing >= 0)
        {
            groupEnd = body[closing..];
            body = body[..closing];
        }
        body = body.Trim();
        if (!TryResolveEvent(body, forRecord, out var resolved, out error))
        {
            perfEvent = "";
            return false;
        }
        perfEvent = groupStart + resolved + groupEnd;
        return true;
    }

    private bool TryResolveEvent(string text, bool forRecord, out string perfEvent, out string? error)
    {
        perfEvent = text;
        error = null;
        var pmuForm = PmuFormRegex().Match(text);
        if (pmuForm.Success)
        {
            var pmu = pmuForm.Groups[1].Value;
            var viaIntel = intel?.ResolvePmuForm(pmu, pmuForm.Groups[2].Value, pmuForm.Groups[3].Value, forRecord);
            if (viaIntel?.PerfEvent is null && topology?.HasPmu(pmu) == false)
            {
                error = $"{Machine} has no PMU '{pmu}'; perf list shows the PMUs it has (events written pmu/…/)";
                return false;
            }
            perfEvent = viaIntel?.PerfEvent ?? text;
            return true;
        }
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        var qualifiers = colon < 0 ? "" : text[(colon + 1)..];
        var known = Find(name);
        if (known is not null && IsPerfEvent(known) && PerfModifiersRegex().IsMatch(qualifiers))
        {
            // the catalog finds names in any case, perf does not: give perf the spelling it listed
            perfEvent = SpellingOf(known, name) + (colon < 0 ? "" : text[colon..]);
            return true;
        }
        if (IsRawSyntax(text) || IsTracepoint(text))
        {
            return true;
        }
        var intelResolution = intel?.ResolveName(text, forRecord);
        if (intelResolution?.PerfEvent is { } encoded)
        {
            perfEvent = encoded;
            return true;
        }
        if (intelResolution?.Error is { } intelError)
        {
            error = intelError;
            return false;
        }
        if (known is not null && !IsPerfEvent(known))
        {
            error = $"'{known.Name}' is a perf metric; it is used with perf stat -M, not as an event";
            return false;
        }
        if (known is not null)
        {
            error = $"'{qualifiers}' is not a perf modifier (for '{known.Name}')";
            return false;
        }
        error = $"unknown event '{text}' — not in perf list nor in {IntelListDescription()}";
        return false;
    }

    /// <summary>The entry's own name or alias that <paramref name="typed"/> matched, as perf lists it.</summary>
    private static string SpellingOf(CatalogEntry entry, string typed) =>
        entry.Aliases.Prepend(entry.Name).FirstOrDefault(n => n.Equals(typed.Trim(), StringComparison.OrdinalIgnoreCase)) ?? typed;

    private string IntelListDescription() => intel is { Lists.IsEmpty: false }
        ? $"the Intel event list for {intel.Lists.CpuString}"
        : CpuString is null ? "an Intel event list (none loaded)" : $"an Intel event list (none loaded for {CpuString})";

    private static bool IsPerfEvent(CatalogEntry entry) =>
        entry.Kind is not (EventKind.Metric or EventKind.MetricGroup or EventKind.IntelCore or EventKind.IntelUncore);

    private static bool IsRawSyntax(string text) =>
        RawEventRegex().IsMatch(text) || text.StartsWith("mem:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A known tracepoint, a glob of them, or any <c>subsystem:event</c> when perf listed no tracepoints at all
    /// (unprivileged perf cannot see them, yet perf may still accept them).
    /// </summary>
    private bool IsTracepoint(string text)
    {
        var match = TracepointRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var tracepoint = match.Groups[1].Value;
        return tracepoints.Contains(tracepoint) || tracepoint.IndexOfAny(['*', '?']) >= 0 || tracepoints.Count == 0 && !IsIntelName(text);
    }

    private bool IsIntelName(string text) => intel?.ResolveName(text, false).Found == true;

    [GeneratedRegex("^([A-Za-z0-9_.-]+)/(.+)/([^/]*)$")]
    private static partial Regex PmuFormRegex();

    // perf's event modifiers: u k h I G H p P S D W e b, and the p repeats for precision
    [GeneratedRegex("^[ukhIGHpPSDWeb]*$")]
    private static partial Regex PerfModifiersRegex();

    [GeneratedRegex("^r[0-9a-fA-F]+(:[ukhIGHpPSDWeb]*)?$")]
    private static partial Regex RawEventRegex();

    [GeneratedRegex(@"^([A-Za-z0-9_*?\[\]-]+:[A-Za-z0-9_*?\[\]-]+)(:[ukhIGHpPSDWeb]*)?$")]
    private static partial Regex TracepointRegex();
}
