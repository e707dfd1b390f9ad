using WebOcperf.Perf.Catalog;

namespace WebOcperf.Events;

/// <summary>One entry of <c>GET /api/v1/emap</c>.</summary>
/// <param name="Sym">What to type as the event (the original web_ocperf's field).</param>
/// <param name="Desc">The brief description (the original's field).</param>
public sealed record EventMapEntryDto(
    string Sym,
    string Desc,
    string Name,
    string Kind,
    string LongDescription,
    string? Pmu,
    IReadOnlyList<string> Aliases,
    string? Topic,
    bool Available,
    string? UnavailableReason)
{
    public static EventMapEntryDto From(CatalogEntry e) => new(e.Selector, e.BriefDescription, e.Name, e.Kind.ToString(),
        e.LongDescription, e.Pmu, e.Aliases, e.Topic, e.Available, e.UnavailableReason);
}

public sealed record EventSourceDto(string Description, string Location, int EntryCount, string? Error);

/// <summary><c>GET /api/v1/emap/info</c>: where the catalog of <c>/api/v1/emap</c> came from.</summary>
/// <param name="Cpu">The CPU string the Intel events are for (<c>GenuineIntel-6-55-4</c>), null when none was looked up.</param>
/// <param name="EventCount">How many entries <c>/api/v1/emap</c> lists.</param>
/// <param name="Problems">What went wrong while building it (perf missing, unreadable files); the rest still works.</param>
public sealed record EventMapInfoDto(string? Cpu, int EventCount, IReadOnlyList<EventSourceDto> Sources, IReadOnlyList<string> Problems)
{
    public static EventMapInfoDto From(EventCatalog catalog) => new(catalog.CpuString, catalog.Entries.Count,
        catalog.Sources.Select(s => new EventSourceDto(s.Description, s.Location, s.EntryCount, s.Error)).ToList(),
        catalog.Problems);
}
