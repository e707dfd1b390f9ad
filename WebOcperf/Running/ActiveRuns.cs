using System.Collections.Concurrent;

namespace WebOcperf.Running;

/// <summary>The perf invocations running right now, by benchmark, so that Stop can reach them.</summary>
public sealed class ActiveRuns
{
    private readonly ConcurrentDictionary<Guid, IPerfRun> runs = new();
    private readonly ConcurrentDictionary<Guid, StopReason> stopsBeforeStart = new();

    /// <summary>Registers a started invocation; a stop asked for while it was starting is applied now.</summary>
    public void Add(Guid benchmarkId, IPerfRun run)
    {
        runs[benchmarkId] = run;
        if (stopsBeforeStart.TryRemove(benchmarkId, out var reason))
        {
            run.RequestStop(reason);
        }
    }

    /// <summary>
    /// For a benchmark that has left the queue but whose perf has not started yet (or is between two invocations):
    /// remembers the stop so that <see cref="Add"/> applies it, instead of losing it in the moment between the two.
    /// </summary>
    public void StopWhenStarted(Guid benchmarkId, StopReason reason)
    {
        stopsBeforeStart[benchmarkId] = reason;
        if (runs.TryGetValue(benchmarkId, out var run) && stopsBeforeStart.TryRemove(benchmarkId, out _))
        {
            run.RequestStop(reason);
        }
    }

    /// <summary>Whether a stop is waiting for the benchmark's next invocation: a benchmark of several should start no more.</summary>
    public bool IsStopPending(Guid benchmarkId) => stopsBeforeStart.ContainsKey(benchmarkId);

    /// <summary>One invocation has ended; a stop asked for after it still reaches the benchmark's next one.</summary>
    public void Ended(Guid benchmarkId, IPerfRun run) => runs.TryRemove(new KeyValuePair<Guid, IPerfRun>(benchmarkId, run));

    /// <summary>The benchmark is over: forgets its invocation and any stop nothing will apply any more.</summary>
    public void Forget(Guid benchmarkId)
    {
        runs.TryRemove(benchmarkId, out _);
        stopsBeforeStart.TryRemove(benchmarkId, out _);
    }

    public bool TryStop(Guid benchmarkId, StopReason reason)
    {
        if (!runs.TryGetValue(benchmarkId, out var run))
        {
            return false;
        }
        run.RequestStop(reason);
        return true;
    }

    public string? StderrOf(Guid benchmarkId) => runs.TryGetValue(benchmarkId, out var run) ? run.StderrSoFar : null;
}
