namespace WebOcperf.Perf.Catalog;

/// <summary>
/// A core event from an Intel event file, encoded the way ocperf's <c>read_table</c> does.
/// </summary>
/// <param name="Name">Lower-cased EventName.</param>
/// <param name="Config">ocperf's <c>val</c>: event, umask, edge, any, inv, cmask (and the extended umask at bit 40).</param>
/// <param name="MsrTerms">perf terms for the extra MSR (<c>,offcore_rsp=0x..</c>) then the flag terms (<c>,cmask=1</c>).</param>
/// <param name="Modifiers">ocperf's <c>extra</c>: implied modifier tokens (<c>u</c>/<c>k</c> from Other, <c>pp</c>/<c>ppp</c> for PEBS).</param>
/// <param name="Period">SampleAfterValue, used for perf record.</param>
/// <param name="PerfAlias">perf's own name for the event (topdown slots), used instead of event/umask.</param>
public sealed record IntelCoreEvent(
    string Name,
    ulong Config,
    string MsrTerms,
    string Modifiers,
    string Counter,
    long Period,
    string Pmu,
    string BriefDescription,
    string Description,
    string? PerfAlias = null);

/// <summary>An uncore event, encoded the way ocperf's <c>UncoreEvent</c> does.</summary>
/// <param name="Unit">The perf unit after ocperf's renames (<c>cbox</c>, <c>arb</c>, <c>upi</c>, <c>imc</c>).</param>
public sealed record IntelUncoreEvent(
    string Name,
    string Unit,
    ulong Code,
    ulong Umask,
    ulong Cmask,
    bool Invert,
    bool Edge,
    string BriefDescription,
    string Description);

/// <summary>One loaded Intel event file with what it was read from.</summary>
public sealed record IntelEventFile(string Path, string EventType, string? CoreRole);

/// <summary>The events of one core PMU (<c>cpu</c>, or <c>cpu_core</c>/<c>cpu_atom</c> on a hybrid CPU).</summary>
public sealed class IntelCoreEventList
{
    private readonly Dictionary<string, IntelCoreEvent> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IntelCoreEvent> byPerfStyleName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IntelCoreEvent> byPerfAlias = new(StringComparer.Ordinal);
    private readonly List<IntelCoreEvent> events = [];

    public IntelCoreEventList(string pmu, string source)
    {
        Pmu = pmu;
        Source = source;
    }

    public string Pmu { get; }
    public string Source { get; }
    public IReadOnlyList<IntelCoreEvent> Events => events;

    /// <summary>Later files override earlier ones for the same name, as ocperf's dictionary assignment does.</summary>
    public void Add(IntelCoreEvent intelEvent)
    {
        if (byName.TryGetValue(intelEvent.Name, out var previous))
        {
            events.Remove(previous);
        }
        events.Add(intelEvent);
        byName[intelEvent.Name] = intelEvent;
        // perf-style naming with '_' instead of '.' is accepted too
        byPerfStyleName[intelEvent.Name.Replace('.', '_')] = intelEvent;
        if (intelEvent.PerfAlias is { } alias)
        {
            byPerfAlias[alias] = intelEvent;
        }
    }

    public bool Contains(string lowerName) => byName.ContainsKey(lowerName);
    public IntelCoreEvent? Get(string lowerName) => byName.GetValueOrDefault(lowerName);
    public IntelCoreEvent? GetPerfStyle(string lowerName) => byPerfStyleName.GetValueOrDefault(lowerName);
    public IntelCoreEvent? GetByPerfAlias(string lowerName) => byPerfAlias.GetValueOrDefault(lowerName);
}

/// <summary>Everything loaded for one CPU: one core list per core PMU, the uncore events and what was read.</summary>
public sealed record IntelEventLists(
    string CpuString,
    IReadOnlyList<IntelCoreEventList> CoreLists,
    IReadOnlyDictionary<string, IntelUncoreEvent> UncoreEvents,
    IReadOnlyList<IntelEventFile> Files,
    IReadOnlyList<string> Problems)
{
    public static IntelEventLists None(string cpuString, IReadOnlyList<string> problems) =>
        new(cpuString, [], new Dictionary<string, IntelUncoreEvent>(), [], problems);

    public bool IsEmpty => CoreLists.Count == 0 && UncoreEvents.Count == 0;
}
