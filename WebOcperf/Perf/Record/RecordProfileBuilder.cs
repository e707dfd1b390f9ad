using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace WebOcperf.Perf.Record;

/// <summary>
/// Aggregates samples in one pass as <see cref="PerfScriptParser"/> produces them. Everything kept in memory is
/// indexed by distinct frame, stack or thread; the per-sample record goes to the <see cref="SampleLogWriter"/>.
/// </summary>
internal sealed class RecordProfileBuilder
{
    public const string Unknown = "[unknown]";

    private readonly ByteKeyInterner _frameKeys = new();
    private readonly List<string> _frameSymbols = [];
    private readonly List<int> _frameDsos = [];
    private readonly Dictionary<string, int> _dsoIds = new(StringComparer.Ordinal);
    private readonly List<string> _dsos = [];
    private readonly ByteKeyInterner _commKeys = new();
    private readonly List<string> _comms = [];
    private readonly List<byte[]> _eventKeys = [];
    private readonly List<string> _events = [];
    private readonly ByteKeyInterner _stackKeys = new();
    private long[] _stackSamples = new long[1024];
    private long[] _stackPeriods = new long[1024];
    private readonly Dictionary<RecordTask, int> _taskIds = [];
    private readonly List<RecordTask> _tasks = [];
    private long[] _taskSamples = new long[64];
    private long[] _taskPeriods = new long[64];
    private readonly List<AdaptiveHistogram> _histograms = [];
    private readonly SampleLogWriter _sampleLog;
    private int[] _stackScratch = new int[256];
    private int _unknownFrameId = -1;
    private long _originNs = long.MinValue;
    private long _lastOffsetNs;
    private long _sampleCount;

    public RecordProfileBuilder(Stream sampleLog) => _sampleLog = new SampleLogWriter(sampleLog);

    /// <summary>Interns the <c>sym (dso)</c> text of a frame, already split by the parser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int InternFrame(ReadOnlySpan<byte> key, ReadOnlySpan<byte> symbol, ReadOnlySpan<byte> dso)
    {
        var id = _frameKeys.Intern(key, out var added);
        if (added)
        {
            var dsoName = dso.IsEmpty ? Unknown : Encoding.UTF8.GetString(dso);
            var symbolName = symbol.IsEmpty ? Unknown : Encoding.UTF8.GetString(symbol);
            _frameSymbols.Add(symbolName == Unknown ? NameOfUnsymbolizedFrame(dsoName) : symbolName);
            _frameDsos.Add(InternDso(dsoName));
        }
        return id;
    }

    /// <summary>
    /// A frame perf could not symbolize is named by its binary, <c>[dash]</c>, <c>[libc.so.6]</c>, as FlameGraph's
    /// stackcollapse-perf.pl and inferno name it, so that its folded stacks match theirs and two recordings'
    /// unsymbolized frames in different binaries are not taken for one function. <c>[unknown]</c> stays when perf
    /// does not know the binary either.
    /// </summary>
    internal static string NameOfUnsymbolizedFrame(string dso) =>
        dso == Unknown ? Unknown : $"[{dso[(dso.LastIndexOf('/') + 1)..]}]";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int InternComm(ReadOnlySpan<byte> comm)
    {
        var id = _commKeys.Intern(comm, out var added);
        if (added)
        {
            _comms.Add(Encoding.UTF8.GetString(comm));
        }
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int InternEvent(ReadOnlySpan<byte> name)
    {
        // A recording has a handful of events: a linear scan beats hashing here.
        for (var i = 0; i < _eventKeys.Count; i++)
        {
            if (name.SequenceEqual(_eventKeys[i]))
            {
                return i;
            }
        }
        _eventKeys.Add(name.ToArray());
        _events.Add(Encoding.UTF8.GetString(name));
        _histograms.Add(new AdaptiveHistogram());
        return _events.Count - 1;
    }

    /// <param name="framesLeafFirst">Frame ids in perf's order, the sampled function first.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddSample(long timeNs, int eventId, int commId, int pid, int tid, long period,
        ReadOnlySpan<int> framesLeafFirst)
    {
        if (framesLeafFirst.IsEmpty)
        {
            // A sample whose call chain perf could not walk at all still counts; it shows as [unknown].
            if (_unknownFrameId < 0)
            {
                var unknown = Encoding.UTF8.GetBytes($"{Unknown} ({Unknown})");
                _unknownFrameId = InternFrame(unknown, Encoding.UTF8.GetBytes(Unknown), Encoding.UTF8.GetBytes(Unknown));
            }
            framesLeafFirst = new ReadOnlySpan<int>(in _unknownFrameId);
        }

        var keyLength = framesLeafFirst.Length + 2;
        if (_stackScratch.Length < keyLength)
        {
            _stackScratch = new int[Math.Max(keyLength, _stackScratch.Length * 2)];
        }
        _stackScratch[0] = eventId;
        _stackScratch[1] = commId;
        framesLeafFirst.CopyTo(_stackScratch.AsSpan(2));
        var stackId = _stackKeys.Intern(_stackScratch.AsSpan(0, keyLength), out var newStack);
        if (newStack && stackId == _stackSamples.Length)
        {
            Array.Resize(ref _stackSamples, stackId * 2);
            Array.Resize(ref _stackPeriods, stackId * 2);
        }
        _stackSamples[stackId]++;
        _stackPeriods[stackId] += period;

        var task = new RecordTask(eventId, pid, tid, commId);
        ref var taskId = ref CollectionsMarshal.GetValueRefOrAddDefault(_taskIds, task, out var taskExists);
        if (!taskExists)
        {
            taskId = _tasks.Count;
            _tasks.Add(task);
            if (taskId == _taskSamples.Length)
            {
                Array.Resize(ref _taskSamples, taskId * 2);
                Array.Resize(ref _taskPeriods, taskId * 2);
            }
        }
        _taskSamples[taskId]++;
        _taskPeriods[taskId] += period;

        if (_originNs == long.MinValue)
        {
            _originNs = timeNs;
        }
        var offsetNs = timeNs - _originNs;
        _lastOffsetNs = Math.Max(_lastOffsetNs, offsetNs);
        _histograms[eventId].Add(offsetNs, period);
        _sampleLog.Write(offsetNs, stackId, taskId, period);
        _sampleCount++;
    }

    public RecordProfile Build(long skippedLines, string sampleLogPath)
    {
        _sampleLog.Dispose();
        var stackCount = _stackKeys.Count;
        var stackOffsets = new int[stackCount + 1];
        var stackData = new List<int>();
        for (var id = 0; id < stackCount; id++)
        {
            stackOffsets[id] = stackData.Count;
            stackData.AddRange(_stackKeys.IntKeyOf(id));
        }
        stackOffsets[stackCount] = stackData.Count;

        var histogramWidth = _histograms.Count == 0 ? AdaptiveHistogram.InitialWidthNs : _histograms.Max(h => h.WidthNs);
        return new RecordProfile(
            events: [.. _events],
            comms: [.. _comms],
            dsos: [.. _dsos],
            frameSymbols: [.. _frameSymbols],
            frameDsos: [.. _frameDsos],
            stackOffsets: stackOffsets,
            stackData: [.. stackData],
            stackSamples: _stackSamples[..stackCount],
            stackPeriods: _stackPeriods[..stackCount],
            tasks: [.. _tasks],
            taskSamples: _taskSamples[.._tasks.Count],
            taskPeriods: _taskPeriods[.._tasks.Count],
            histogramWidthNs: histogramWidth,
            histogramSamples: [.. _histograms.Select(h => h.SamplesAtWidth(histogramWidth))],
            histogramPeriods: [.. _histograms.Select(h => h.PeriodsAtWidth(histogramWidth))],
            sampleLogCheckpoints: [.. _sampleLog.Checkpoints],
            sampleLogTimeOrdered: _sampleLog.TimeOrdered,
            originNs: _originNs == long.MinValue ? 0 : _originNs,
            durationNs: _lastOffsetNs,
            sampleCount: _sampleCount,
            skippedLines: skippedLines,
            sampleLogPath: sampleLogPath);
    }

    private int InternDso(string dso)
    {
        if (!_dsoIds.TryGetValue(dso, out var id))
        {
            id = _dsos.Count;
            _dsos.Add(dso);
            _dsoIds.Add(dso, id);
        }
        return id;
    }
}

/// <summary>One thread of one process under one event: the unit of the per-comm/pid/tid breakdowns.</summary>
internal readonly record struct RecordTask(int EventId, int Pid, int Tid, int CommId);

/// <summary>
/// Counts per time bucket while the recording's length is still unknown: it starts fine and, whenever the buckets
/// run out, doubles the width and merges pairs, so it never holds more than <see cref="MaxBuckets"/> buckets.
/// </summary>
internal sealed class AdaptiveHistogram
{
    public const long InitialWidthNs = 100_000;
    public const int MaxBuckets = 8192;

    private long[] _samples = new long[MaxBuckets];
    private long[] _periods = new long[MaxBuckets];
    private int _used;

    public long WidthNs { get; private set; } = InitialWidthNs;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long offsetNs, long period)
    {
        // perf script sorts by time, so a negative offset can only come from a sample of another event that perf
        // flushed slightly out of order; it belongs to the first bucket.
        var bucket = offsetNs <= 0 ? 0 : offsetNs / WidthNs;
        while (bucket >= MaxBuckets)
        {
            Coarsen();
            bucket = offsetNs / WidthNs;
        }
        _samples[bucket]++;
        _periods[bucket] += period;
        _used = Math.Max(_used, (int)bucket + 1);
    }

    public long[] SamplesAtWidth(long widthNs) => Rebucket(_samples, widthNs);

    public long[] PeriodsAtWidth(long widthNs) => Rebucket(_periods, widthNs);

    private long[] Rebucket(long[] counts, long widthNs)
    {
        // Every histogram doubles from the same initial width, so the widest one's width is a multiple of this one's.
        var factor = (int)(widthNs / WidthNs);
        var result = new long[(_used + factor - 1) / factor];
        for (var i = 0; i < _used; i++)
        {
            result[i / factor] += counts[i];
        }
        return result;
    }

    private void Coarsen()
    {
        for (var i = 0; i < MaxBuckets / 2; i++)
        {
            _samples[i] = _samples[2 * i] + _samples[2 * i + 1];
            _periods[i] = _periods[2 * i] + _periods[2 * i + 1];
        }
        Array.Clear(_samples, MaxBuckets / 2, MaxBuckets / 2);
        Array.Clear(_periods, MaxBuckets / 2, MaxBuckets / 2);
        _used = (_used + 1) / 2;
        WidthNs *= 2;
    }
}
