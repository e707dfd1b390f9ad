namespace WebOcperf.Events;

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
    string? UnavailableReason);

public sealed record EventSourceDto(string Description, string Location, int EntryCount, string? Error);

public sealed record EventMapDto(string? Cpu, IReadOnlyList<EventSourceDto> Sources, IReadOnlyList<EventMapEntryDto> Events);
