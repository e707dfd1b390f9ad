using WebOcperf.Data;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Running;

/// <summary>The state of a run as viewers see it: status, queue position and, once it ended, its outcome.</summary>
public sealed record RunState(
    BenchmarkStatus Status,
    int? QueuePosition,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int? PerfExitCode,
    int? WorkloadExitCode,
    string? Error,
    string? PerfMessage)
{
    public static RunState Queued(int? position) => new(BenchmarkStatus.Queued, position, null, null, null, null, null, null);

    public static RunState Of(Benchmark benchmark) => new(
        benchmark.Status, null, benchmark.StartedAt, benchmark.FinishedAt, benchmark.PerfExitCode,
        benchmark.WorkloadExitCode, benchmark.Error, null);
}

/// <summary>What a reader gets next: samples it has not seen, the state when it changed, the series when it changed.</summary>
/// <param name="FirstIndex">Index of the first of <paramref name="Samples"/> in the run's whole series.</param>
public sealed record FeedUpdate(
    IReadOnlyList<string>? Events,
    IReadOnlyList<string>? Units,
    int FirstIndex,
    IReadOnlyList<IntervalSample> Samples,
    RunState? State,
    bool Done);

/// <summary>
/// The live series of one benchmark, shared by every viewer. It is an append-only log: each reader keeps its own
/// position and waits for the next change, so the runner never waits for a viewer, a slow viewer only lags (it cannot
/// overflow a buffer or lose samples), and a new or reconnecting viewer replays from any index.
/// </summary>
public sealed class BenchmarkFeed(Guid benchmarkId)
{
    private readonly object gate = new();
    private readonly List<IntervalSample> samples = [];
    private TaskCompletionSource changed = NewSignal();
    private IReadOnlyList<string> events = [];
    private IReadOnlyList<string> units = [];
    private int seriesVersion;
    private RunState state = RunState.Queued(null);
    private int stateVersion = 1;
    private bool done;

    public Guid BenchmarkId { get; } = benchmarkId;

    public int SampleCount
    {
        get
        {
            lock (gate)
            {
                return samples.Count;
            }
        }
    }

    public RunState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    public bool IsDone
    {
        get
        {
            lock (gate)
            {
                return done;
            }
        }
    }

    public void SetSeries(IReadOnlyList<string> eventNames, IReadOnlyList<string> eventUnits) => Publish(() =>
    {
        events = eventNames;
        units = eventUnits;
        seriesVersion++;
    });

    public void AddSample(IntervalSample sample) => Publish(() => samples.Add(sample));

    public void SetState(RunState newState) => Publish(() =>
    {
        state = newState;
        stateVersion++;
    });

    /// <summary>The last message: nothing is published after it, and readers end once they have read everything.</summary>
    public void Complete(RunState finalState) => Publish(() =>
    {
        state = finalState;
        stateVersion++;
        done = true;
    });

    /// <summary>Reads the feed from sample index <paramref name="fromIndex"/> on, until it is done or the reader leaves.</summary>
    public async IAsyncEnumerable<FeedUpdate> ReadAsync(int fromIndex,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(0, fromIndex);
        var seenSeries = 0;
        var seenState = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            FeedUpdate? update = null;
            Task wait;
            lock (gate)
            {
                var newSamples = next < samples.Count ? samples.GetRange(next, samples.Count - next) : [];
                var seriesChanged = seriesVersion != seenSeries;
                var stateChanged = stateVersion != seenState;
                if (newSamples.Count > 0 || seriesChanged || stateChanged || done)
                {
                    update = new FeedUpdate(
                        seriesChanged ? events : null,
                        seriesChanged ? units : null,
                        next,
                        newSamples,
                        stateChanged ? state : null,
                        done);
                    next += newSamples.Count;
                    seenSeries = seriesVersion;
                    seenState = stateVersion;
                }
                wait = changed.Task;
            }

            if (update is not null)
            {
                yield return update;
                if (update.Done)
                {
                    yield break;
                }
                continue;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Publish(Action change)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            if (done)
            {
                return;
            }
            change();
            signal = changed;
            changed = NewSignal();
        }
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
