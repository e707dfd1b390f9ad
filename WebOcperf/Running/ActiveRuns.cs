using System.Collections.Concurrent;

namespace WebOcperf.Running;

/// <summary>The perf processes running right now, by benchmark, so that Stop can reach them.</summary>
public sealed class ActiveRuns
{
    private readonly ConcurrentDictionary<Guid, PerfProcess> runs = new();

    public void Add(Guid benchmarkId, PerfProcess process) => runs[benchmarkId] = process;

    public void Remove(Guid benchmarkId) => runs.TryRemove(benchmarkId, out _);

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
