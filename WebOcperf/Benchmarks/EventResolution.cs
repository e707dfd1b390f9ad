using WebOcperf.Perf.Catalog;

namespace WebOcperf.Benchmarks;

/// <summary>Checks the chosen events against the catalog before anything runs, and gives perf's form of each.</summary>
public static class EventResolution
{
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
