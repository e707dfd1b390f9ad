namespace WebOcperf.Perf.Record;

/// <summary>What a share is measured in: sample counts, or the summed sample period (ns for the clock events).</summary>
public enum SampleWeight
{
    Samples,
    Period,
}

/// <summary>A time range in seconds since the recording's first sample; <see cref="EndSeconds"/> is exclusive.</summary>
public readonly record struct TimeRange(double StartSeconds, double EndSeconds)
{
    internal long StartNs => SecondsToNs(StartSeconds);
    internal long EndNs => SecondsToNs(EndSeconds);

    private static long SecondsToNs(double seconds) =>
        seconds >= long.MaxValue / 1e9 ? long.MaxValue : seconds <= 0 ? 0 : (long)Math.Round(seconds * 1e9);
}

/// <summary>Where a recording's cache lives: beside its perf.data, so reopening a run does not run perf script.</summary>
public static class RecordCacheFiles
{
    public static string ProfilePathFor(string perfDataFile) => perfDataFile + ".webocperf-profile";

    public static string SampleLogPathFor(string perfDataFile) => perfDataFile + ".webocperf-samples";
}

/// <summary>
/// Samples per time bucket for one event. Bucket i covers
/// [<see cref="StartSeconds"/> + i·<see cref="BucketSeconds"/>, + <see cref="BucketSeconds"/>).
/// </summary>
public sealed record TimeHistogram(string Event, double StartSeconds, double BucketSeconds, long[] Samples, long[] Periods);

/// <summary>
/// The aggregated result of one <c>perf script</c> pass: interned frames, comms, DSOs and call stacks with their
/// totals, per-thread totals, a time histogram per event, and the path of the on-disk sample log that lets any
/// time range be re-aggregated exactly. Memory is proportional to distinct stacks, not to samples.
/// A profile never changes after it is built or loaded, so concurrent queries need no locking.
/// </summary>
public sealed partial class RecordProfile
{
    /// <summary>
    /// Version of the cache file written by <see cref="Save"/>; a cache of another version is not read, so the
    /// recording is ingested again. 2: frames without a symbol are named by their binary.
    /// </summary>
    public const int FormatVersion = 2;

    private readonly string[] _events;
    private readonly string[] _comms;
    private readonly string[] _dsos;
    private readonly string[] _frameSymbols;
    private readonly int[] _frameDsos;
    // Stack i is _stackData[_stackOffsets[i] .. _stackOffsets[i + 1]]: event id, comm id, then frames leaf first.
    private readonly int[] _stackOffsets;
    private readonly int[] _stackData;
    private readonly long[] _stackSamples;
    private readonly long[] _stackPeriods;
    private readonly RecordTask[] _tasks;
    private readonly long[] _taskSamples;
    private readonly long[] _taskPeriods;
    private readonly long _histogramWidthNs;
    private readonly long[][] _histogramSamples;
    private readonly long[][] _histogramPeriods;
    private readonly SampleLogCheckpoint[] _sampleLogCheckpoints;
    private readonly bool _sampleLogTimeOrdered;

    internal RecordProfile(string[] events, string[] comms, string[] dsos, string[] frameSymbols, int[] frameDsos,
        int[] stackOffsets, int[] stackData, long[] stackSamples, long[] stackPeriods, RecordTask[] tasks,
        long[] taskSamples, long[] taskPeriods, long histogramWidthNs, long[][] histogramSamples,
        long[][] histogramPeriods, SampleLogCheckpoint[] sampleLogCheckpoints, bool sampleLogTimeOrdered,
        long originNs, long durationNs, long sampleCount, long skippedLines, string sampleLogPath)
    {
        _events = events;
        _comms = comms;
        _dsos = dsos;
        _frameSymbols = frameSymbols;
        _frameDsos = frameDsos;
        _stackOffsets = stackOffsets;
        _stackData = stackData;
        _stackSamples = stackSamples;
        _stackPeriods = stackPeriods;
        _tasks = tasks;
        _taskSamples = taskSamples;
        _taskPeriods = taskPeriods;
        _histogramWidthNs = histogramWidthNs;
        _histogramSamples = histogramSamples;
        _histogramPeriods = histogramPeriods;
        _sampleLogCheckpoints = sampleLogCheckpoints;
        _sampleLogTimeOrdered = sampleLogTimeOrdered;
        OriginNs = originNs;
        DurationNs = durationNs;
        SampleCount = sampleCount;
        SkippedLines = skippedLines;
        SampleLogPath = sampleLogPath;
    }

    /// <summary>Event names in order of first appearance, e.g. <c>task-clock</c>, <c>cpu-clock:ppp</c>.</summary>
    public IReadOnlyList<string> Events => _events;

    public IReadOnlyList<string> Comms => _comms;

    public IReadOnlyList<string> Dsos => _dsos;

    public int FrameCount => _frameSymbols.Length;

    public int StackCount => _stackSamples.Length;

    /// <summary>perf's timestamp of the first sample, in ns; all times elsewhere are relative to it.</summary>
    public long OriginNs { get; }

    public long DurationNs { get; }

    public double DurationSeconds => DurationNs / 1e9;

    public long SampleCount { get; }

    /// <summary>Lines of perf script output that could not be read (garbage, truncation, unknown formats).</summary>
    public long SkippedLines { get; }

    /// <summary>The sample log that time-range queries read.</summary>
    public string SampleLogPath { get; }

    /// <summary>The index of an event by name, or -1.</summary>
    public int EventIndex(string eventName) => Array.IndexOf(_events, eventName);

    public string FrameSymbol(int frameId) => _frameSymbols[frameId];

    public string FrameDso(int frameId) => _dsos[_frameDsos[frameId]];

    internal int FrameDsoId(int frameId) => _frameDsos[frameId];

    internal int StackEvent(int stackId) => _stackData[_stackOffsets[stackId]];

    internal int StackComm(int stackId) => _stackData[_stackOffsets[stackId] + 1];

    internal ReadOnlySpan<int> StackFramesLeafFirst(int stackId) =>
        _stackData.AsSpan(_stackOffsets[stackId] + 2, _stackOffsets[stackId + 1] - _stackOffsets[stackId] - 2);

    internal RecordTask Task(int taskId) => _tasks[taskId];

    internal int TaskCount => _tasks.Length;

    /// <summary>
    /// The samples of one event, for the whole recording or for <paramref name="range"/>. A range reads the sample
    /// log once (a few ms per million samples); the whole recording needs no I/O.
    /// </summary>
    public RecordSelection Select(int eventId, TimeRange? range = null)
    {
        CheckEvent(eventId);
        var stackSamples = new long[_stackSamples.Length];
        var stackPeriods = new long[_stackSamples.Length];
        var taskSamples = new long[_tasks.Length];
        var taskPeriods = new long[_tasks.Length];
        if (range is null)
        {
            for (var stack = 0; stack < stackSamples.Length; stack++)
            {
                if (StackEvent(stack) == eventId)
                {
                    stackSamples[stack] = _stackSamples[stack];
                    stackPeriods[stack] = _stackPeriods[stack];
                }
            }
            for (var task = 0; task < taskSamples.Length; task++)
            {
                if (_tasks[task].EventId == eventId)
                {
                    taskSamples[task] = _taskSamples[task];
                    taskPeriods[task] = _taskPeriods[task];
                }
            }
        }
        else
        {
            foreach (var sample in ReadSampleLog(range.Value.StartNs, range.Value.EndNs))
            {
                if (StackEvent(sample.StackId) == eventId)
                {
                    stackSamples[sample.StackId]++;
                    stackPeriods[sample.StackId] += sample.Period;
                    taskSamples[sample.TaskId]++;
                    taskPeriods[sample.TaskId] += sample.Period;
                }
            }
        }
        return new RecordSelection(this, eventId, range, stackSamples, stackPeriods, taskSamples, taskPeriods);
    }

    /// <summary>
    /// About <paramref name="targetBuckets"/> buckets over <paramref name="range"/> (default: the whole recording).
    /// When the in-memory histogram is fine enough its buckets are summed (bucket edges then fall on multiples of the
    /// width, so the first and last bucket may reach a little outside the range); when the range is too short for
    /// it, the sample log is read and the buckets start exactly at the range start.
    /// </summary>
    public TimeHistogram Histogram(int eventId, TimeRange? range = null, int targetBuckets = 500)
    {
        CheckEvent(eventId);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBuckets, 1);
        var startNs = range?.StartNs ?? 0;
        // no bucket lies beyond the last sample, however far the range reaches (and its width cannot overflow)
        var endNs = Math.Min(range?.EndNs ?? long.MaxValue, DurationNs + 1);
        if (endNs <= startNs)
        {
            return new TimeHistogram(_events[eventId], startNs / 1e9, 1e-9, [], []);
        }
        var idealWidthNs = Math.Max(1, (endNs - startNs + targetBuckets - 1) / targetBuckets);
        return idealWidthNs >= _histogramWidthNs
            ? HistogramFromBuckets(eventId, startNs, endNs, idealWidthNs)
            : HistogramFromSampleLog(eventId, startNs, endNs, idealWidthNs);
    }

    private TimeHistogram HistogramFromBuckets(int eventId, long startNs, long endNs, long idealWidthNs)
    {
        var factor = 1L;
        while (_histogramWidthNs * factor < idealWidthNs)
        {
            factor *= 2;
        }
        var widthNs = _histogramWidthNs * factor;
        var firstBucket = startNs / widthNs;
        var bucketCount = (int)((endNs - 1) / widthNs - firstBucket + 1);
        var samples = new long[bucketCount];
        var periods = new long[bucketCount];
        var baseSamples = _histogramSamples[eventId];
        var basePeriods = _histogramPeriods[eventId];
        for (var bucket = 0; bucket < bucketCount; bucket++)
        {
            var baseStart = (firstBucket + bucket) * factor;
            var baseEnd = Math.Min(baseStart + factor, baseSamples.Length);
            for (var i = baseStart; i < baseEnd; i++)
            {
                samples[bucket] += baseSamples[i];
                periods[bucket] += basePeriods[i];
            }
        }
        return new TimeHistogram(_events[eventId], firstBucket * widthNs / 1e9, widthNs / 1e9, samples, periods);
    }

    private TimeHistogram HistogramFromSampleLog(int eventId, long startNs, long endNs, long widthNs)
    {
        var bucketCount = (int)((endNs - startNs + widthNs - 1) / widthNs);
        var samples = new long[bucketCount];
        var periods = new long[bucketCount];
        foreach (var sample in ReadSampleLog(startNs, endNs))
        {
            if (StackEvent(sample.StackId) == eventId)
            {
                var bucket = (sample.TimeNs - startNs) / widthNs;
                samples[bucket]++;
                periods[bucket] += sample.Period;
            }
        }
        return new TimeHistogram(_events[eventId], startNs / 1e9, widthNs / 1e9, samples, periods);
    }

    private IEnumerable<LoggedSample> ReadSampleLog(long startNs, long endNs) =>
        SampleLogReader.Read(SampleLogPath, startNs, endNs, _sampleLogCheckpoints, _sampleLogTimeOrdered);

    private void CheckEvent(int eventId)
    {
        if ((uint)eventId >= (uint)_events.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(eventId), eventId, $"the recording has {_events.Length} events");
        }
    }
}
