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
    string? PerfMessage,
    RepetitionProgress? Progress = null)
{
    public static RunState Queued(int? position) => new(BenchmarkStatus.Queued, position, null, null, null, null, null, null);

    /// <summary>The benchmark's state; while one of several invocations runs, which one (from its repetition rows).</summary>
    public static RunState Of(Benchmark benchmark) => new(
        benchmark.Status, null, benchmark.StartedAt, benchmark.FinishedAt, benchmark.PerfExitCode,
        benchmark.WorkloadExitCode, benchmark.Error, null,
        benchmark.Status == BenchmarkStatus.Running ? RepetitionProgress.Of(benchmark) : null);
}

/// <summary>Which of a repeated benchmark's invocations runs: "repetition 3 of 10", "warm-up 1 of 2".</summary>
/// <param name="Count">How many of its kind there are: the warm-ups, or the measured repetitions.</param>
public sealed record RepetitionProgress(int Index, bool Warmup, int Count)
{
    public string Text => $"{(Warmup ? "warm-up" : "repetition")} {Index} of {Count}";

    public static RepetitionProgress? Of(Benchmark benchmark) =>
        !benchmark.IsRepeated ? null
        : benchmark.Repetitions.LastOrDefault(r => r.Status == BenchmarkStatus.Running) is { } running
            ? new RepetitionProgress(running.Index, running.Warmup, running.Warmup ? benchmark.Warmup : benchmark.Repeat)
            : null;
}

/// <summary>A repetition (or warm-up) began: its samples start at <paramref name="FirstSample"/> of the benchmark's series.</summary>
public sealed record RepetitionStart(int FirstSample, RepetitionProgress Progress);

/// <summary>What a reader gets next: samples it has not seen, the state when it changed, the series when it changed.</summary>
/// <param name="FirstIndex">Index of the first of <paramref name="Samples"/> in the run's whole series.</param>
public sealed record FeedUpdate(
    IReadOnlyList<string>? Events,
    IReadOnlyList<string>? Units,
    int FirstIndex,
    IReadOnlyList<IntervalSample> Samples,
    RunState? State,
    bool Done,
    IReadOnlyList<RepetitionStart>? Repetitions = null);

/// <summary>
/// The live series of one benchmark, shared by every viewer. It is an append-only log: each reader keeps its own
/// position and waits for the next change, so the runner never waits for a viewer, a slow viewer only lags (it cannot
/// overflow a buffer or lose samples), and a new or reconnecting viewer replays from any index.
/// </summary>
public sealed class BenchmarkFeed(Guid benchmarkId)
{
    private readonly object gate = new();
    private readonly List<IntervalSample> samples = [];
    private readonly List<RepetitionStart> repetitionStarts = [];
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

    /// <summary>
    /// A new invocation begins: its samples follow the ones before in the same series (indexes keep increasing, so
    /// Last-Event-ID still names one sample), and readers are told where it starts.
    /// </summary>
    public void StartRepetition(RepetitionProgress progress) => Publish(() =>
        repetitionStarts.Add(new RepetitionStart(samples.Count, progress)));

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
        // a reader resuming after sample k has seen every repetition that started at or before it
        var seenRepetitions = -1;
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
                if (seenRepetitions < 0)
                {
                    seenRepetitions = repetitionStarts.Count(r => r.FirstSample < next);
                }
                var newRepetitions = seenRepetitions < repetitionStarts.Count
                    ? repetitionStarts.GetRange(seenRepetitions, repetitionStarts.Count - seenRepetitions)
                    : [];
                if (newSamples.Count > 0 || seriesChanged || stateChanged || done || newRepetitions.Count > 0)
                {
                    update = new FeedUpdate(
                        seriesChanged ? events : null,
                        seriesChanged ? units : null,
                        next,
                        newSamples,
                        stateChanged ? state : null,
                        done,
                        newRepetitions);
                    next += newSamples.Count;
                    seenRepetitions = repetitionStarts.Count;
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
