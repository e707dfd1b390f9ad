using WebOcperf.Perf.Catalog;

namespace WebOcperf.Benchmarks;

/// <summary>Checks the chosen events against the catalog before anything runs, and gives perf's form of each.</summary>
public static class EventResolution
{
    /// <summary>
    /// perf record's events when none were chosen: perf's default is cycles, which a machine without a hardware PMU
    /// silently replaces by cpu-clock; say task-clock outright there, so the page states what was sampled.
    /// </summary>
    public static IReadOnlyList<string> DefaultRecordEvents(EventCatalog catalog) =>
        catalog.Find("cycles") is { Available: false } ? ["task-clock"] : [];

    /// <returns>perf's form of each event in order, and one message per event that does not resolve.</returns>
    public static (List<string> PerfEvents, List<string> Errors) Resolve(EventCatalog catalog, IEnumerable<string> events,
        bool forRecord)
    {
        var perfEvents = new List<string>();
        var errors = new List<string>();
        foreach (var name in events)
        {
            if (catalog.TryResolve(name, forRecord, out var perfEvent, out var error))
            {
                perfEvents.Add(perfEvent);
            }
            else
            {
                errors.Add(error ?? $"unknown event '{name}'");
            }
        }
        return (perfEvents, errors);
    }
}
