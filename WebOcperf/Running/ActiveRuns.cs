using System.Collections.Concurrent;

namespace WebOcperf.Running;

/// <summary>The perf processes running right now, by benchmark, so that Stop can reach them.</summary>
public sealed class ActiveRuns
{
    private readonly ConcurrentDictionary<Guid, PerfProcess> runs = new();
    private readonly ConcurrentDictionary<Guid, StopReason> stopsBeforeStart = new();

    /// <summary>Registers a started run; a stop asked for while it was starting is applied now.</summary>
    public void Add(Guid benchmarkId, PerfProcess process)
    {
        runs[benchmarkId] = process;
        if (stopsBeforeStart.TryRemove(benchmarkId, out var reason))
        {
            process.RequestStop(reason);
        }
    }

    /// <summary>
    /// For a benchmark that has left the queue but whose perf has not started yet: remembers the stop so that
    /// <see cref="Add"/> applies it, instead of losing it in the moment between the two.
    /// </summary>
    public void StopWhenStarted(Guid benchmarkId, StopReason reason)
    {
        stopsBeforeStart[benchmarkId] = reason;
        if (runs.TryGetValue(benchmarkId, out var process) && stopsBeforeStart.TryRemove(benchmarkId, out _))
        {
            process.RequestStop(reason);
        }
    }

    public void Remove(Guid benchmarkId)
    {
        runs.TryRemove(benchmarkId, out _);
        stopsBeforeStart.TryRemove(benchmarkId, out _);
    }

    public bool TryStop(Guid benchmarkId, StopReason reason)
    {
        if (!runs.TryGetValue(benchmarkId, out var process))
        {
            return false;
        }
        process.RequestStop(reason);
        return true;
    }

    public string? StderrOf(Guid benchmarkId) => runs.TryGetValue(benchmarkId, out var process) ? process.StderrSoFar : null;
}
