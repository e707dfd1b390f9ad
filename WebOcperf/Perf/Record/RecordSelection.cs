using System.Globalization;
using System.Text;

namespace WebOcperf.Perf.Record;

/// <summary>One function (symbol in a DSO) with its self and total (inclusive) weight.</summary>
/// <param name="Self">Weight of samples in which it is the sampled (leaf) frame.</param>
/// <param name="Total">Weight of samples in which it appears anywhere in the stack, counted once per sample.</param>
public sealed record FunctionShare(string Symbol, string Dso, long Self, long Total, double SelfShare, double TotalShare);

/// <summary>A named part of the selection (a comm or a DSO) and its share.</summary>
public sealed record NamedShare(string Name, long Weight, double Share);

/// <summary>One thread (tid) or, for <see cref="RecordSelection.ByProcess"/>, one process (tid = pid).</summary>
public sealed record TaskShare(string Comm, int Pid, int Tid, long Weight, double Share);

/// <summary>
/// The samples of one event in one time range, as weights per distinct stack and per thread: every table, the folded
/// stacks and the flame graph are derived from these without touching individual samples again.
/// </summary>
public sealed class RecordSelection
{
    private readonly RecordProfile _profile;
    private readonly long[] _stackSamples;
    private readonly long[] _stackPeriods;
    private readonly long[] _taskSamples;
    private readonly long[] _taskPeriods;

    internal RecordSelection(RecordProfile profile, int eventId, TimeRange? range, long[] stackSamples,
        long[] stackPeriods, long[] taskSamples, long[] taskPeriods)
    {
        _profile = profile;
        EventId = eventId;
        Range = range;
        _stackSamples = stackSamples;
        _stackPeriods = stackPeriods;
        _taskSamples = taskSamples;
        _taskPeriods = taskPeriods;
        Samples = stackSamples.Sum();
        Period = stackPeriods.Sum();
    }

    public int EventId { get; }

    public string Event => _profile.Events[EventId];

    /// <summary>Null for the whole recording.</summary>
    public TimeRange? Range { get; }

    public long Samples { get; }

    public long Period { get; }

    public long Total(SampleWeight weight) => weight == SampleWeight.Samples ? Samples : Period;

    /// <summary>Functions by self weight (or total weight), keyed by symbol and DSO; <c>[unknown]</c> stays a row.</summary>
    public IReadOnlyList<FunctionShare> TopFunctions(SampleWeight weight = SampleWeight.Samples, int limit = 100,
        bool orderByTotal = false)
    {
        var stackWeights = Weights(weight);
        var self = new long[_profile.FrameCount];
        var total = new long[_profile.FrameCount];
        // lastStack[f] == stack + 1 when frame f was already counted for this stack: recursion counts once.
        var lastStack = new int[_profile.FrameCount];
        for (var stack = 0; stack < stackWeights.Length; stack++)
        {
            var stackWeight = stackWeights[stack];
            if (stackWeight == 0)
            {
                continue;
            }
            var frames = _profile.StackFramesLeafFirst(stack);
            self[frames[0]] += stackWeight;
            foreach (var frame in frames)
            {
                if (lastStack[frame] != stack + 1)
                {
                    lastStack[frame] = stack + 1;
                    total[frame] += stackWeight;
                }
            }
        }

        var grandTotal = Total(weight);
        var sortKey = orderByTotal ? total : self;
        return Enumerable.Range(0, _profile.FrameCount)
            .Where(frame => total[frame] > 0)
            .OrderByDescending(frame => sortKey[frame])
            .ThenByDescending(frame => orderByTotal ? self[frame] : total[frame])
            .ThenBy(frame => _profile.FrameSymbol(frame), StringComparer.Ordinal)
            .Take(limit)
            .Select(frame => new FunctionShare(_profile.FrameSymbol(frame), _profile.FrameDso(frame), self[frame],
                total[frame], ShareOf(self[frame], grandTotal), ShareOf(total[frame], grandTotal)))
            .ToList();
    }

    /// <summary>Weight per comm (thread or process name as perf recorded it).</summary>
    public IReadOnlyList<NamedShare> ByComm(SampleWeight weight = SampleWeight.Samples)
    {
        var perComm = new long[_profile.Comms.Count];
        var stackWeights = Weights(weight);
        for (var stack = 0; stack < stackWeights.Length; stack++)
        {
            perComm[_profile.StackComm(stack)] += stackWeights[stack];
        }
        return Named(perComm, _profile.Comms, Total(weight));
    }

    /// <summary>Self weight per DSO: which binary or library the sampled instruction was in.</summary>
    public IReadOnlyList<NamedShare> ByDso(SampleWeight weight = SampleWeight.Samples)
    {
        var perDso = new long[_profile.Dsos.Count];
        var stackWeights = Weights(weight);
        for (var stack = 0; stack < stackWeights.Length; stack++)
        {
            if (stackWeights[stack] != 0)
            {
                perDso[_profile.FrameDsoId(_profile.StackFramesLeafFirst(stack)[0])] += stackWeights[stack];
            }
        }
        return Named(perDso, _profile.Dsos, Total(weight));
    }

    /// <summary>Weight per thread (comm, pid, tid).</summary>
    public IReadOnlyList<TaskShare> ByThread(SampleWeight weight = SampleWeight.Samples)
    {
        var taskWeights = weight == SampleWeight.Samples ? _taskSamples : _taskPeriods;
        var grandTotal = Total(weight);
        return Enumerable.Range(0, taskWeights.Length)
            .Where(task => taskWeights[task] > 0)
            .Select(task => (Task: _profile.Task(task), Weight: taskWeights[task]))
            .GroupBy(entry => (entry.Task.Pid, entry.Task.Tid, entry.Task.CommId))
            .Select(group => new TaskShare(_profile.Comms[group.Key.CommId], group.Key.Pid, group.Key.Tid,
                group.Sum(entry => entry.Weight), ShareOf(group.Sum(entry => entry.Weight), grandTotal)))
            .OrderByDescending(share => share.Weight)
            .ThenBy(share => share.Pid)
            .ThenBy(share => share.Tid)
            .ToList();
    }

    /// <summary>
    /// Weight per process. A process is named after its main thread's comm (tid = pid) when that thread was sampled,
    /// else after its busiest thread; a process that exec'd under several comms is one row.
    /// </summary>
    public IReadOnlyList<TaskShare> ByProcess(SampleWeight weight = SampleWeight.Samples)
    {
        var grandTotal = Total(weight);
        return ByThread(weight)
            .GroupBy(thread => thread.Pid)
            .Select(process =>
            {
                var name = process.FirstOrDefault(thread => thread.Tid == thread.Pid)?.Comm ?? process.First().Comm;
                var processWeight = process.Sum(thread => thread.Weight);
                return new TaskShare(name, process.Key, process.Key, processWeight, ShareOf(processWeight, grandTotal));
            })
            .OrderByDescending(share => share.Weight)
            .ThenBy(share => share.Pid)
            .ToList();
    }

    /// <summary>
    /// Writes FlameGraph's collapsed format, one line per distinct stack: <c>comm;root;…;leaf weight</c>. Frames are
    /// symbol names (<c>[unknown]</c> kept); a <c>;</c> inside a name would split a frame, so it is written as <c>:</c>.
    /// </summary>
    public void WriteFolded(TextWriter writer, SampleWeight weight = SampleWeight.Samples)
    {
        foreach (var (frames, stackWeight) in FoldedStacks(weight))
        {
            writer.Write(frames);
            writer.Write(' ');
            writer.Write(stackWeight.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// The lines of <see cref="WriteFolded"/> as (stack, weight): one per distinct folded stack, sorted like FlameGraph's
    /// stackcollapse output so that the text is stable across runs and easy to diff. Stacks that differ only in
    /// something the folded text leaves out (a frame's binary) are one line with their weights summed, as
    /// stackcollapse-perf.pl would count them.
    /// </summary>
    public IReadOnlyList<(string Stack, long Weight)> FoldedStacks(SampleWeight weight = SampleWeight.Samples)
    {
        var stackWeights = Weights(weight);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var stack = 0; stack < stackWeights.Length; stack++)
        {
            if (stackWeights[stack] > 0)
            {
                var frames = FoldedFrames(stack);
                lines[frames] = lines.GetValueOrDefault(frames) + stackWeights[stack];
            }
        }
        return [.. lines.OrderBy(line => line.Key, StringComparer.Ordinal).Select(line => (line.Key, line.Value))];
    }

    public string Folded(SampleWeight weight = SampleWeight.Samples)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteFolded(writer, weight);
        return writer.ToString();
    }

    /// <summary>
    /// The flame graph tree (root, then one child per comm, then frames root first). Children whose weight is below
    /// <paramref name="minShare"/> of the total are cut off server side so the page stays small; what was cut is
    /// reported in <see cref="FlameGraph.TrimmedNodes"/> and <see cref="FlameGraph.TrimmedWeight"/>.
    /// </summary>
    public FlameGraph FlameGraph(SampleWeight weight = SampleWeight.Samples, double minShare = 0.001)
    {
        var stackWeights = Weights(weight);
        var root = new FlameNode("all", null);
        var commNodes = new Dictionary<int, FlameNode>();
        for (var stack = 0; stack < stackWeights.Length; stack++)
        {
            var stackWeight = stackWeights[stack];
            if (stackWeight == 0)
            {
                continue;
            }
            root.Value += stackWeight;
            var comm = _profile.StackComm(stack);
            if (!commNodes.TryGetValue(comm, out var node))
            {
                node = new FlameNode(_profile.Comms[comm], null);
                commNodes.Add(comm, node);
                root.AddChild(-1 - comm, node);
            }
            node.Value += stackWeight;
            var frames = _profile.StackFramesLeafFirst(stack);
            for (var i = frames.Length - 1; i >= 0; i--)
            {
                node = node.Child(frames[i], _profile);
                node.Value += stackWeight;
            }
            node.Self += stackWeight;
        }
        return Record.FlameGraph.Trim(root, Total(weight), minShare);
    }

    private string FoldedFrames(int stack)
    {
        var folded = new StringBuilder(FoldedName(_profile.Comms[_profile.StackComm(stack)]));
        var frames = _profile.StackFramesLeafFirst(stack);
        for (var i = frames.Length - 1; i >= 0; i--)
        {
            folded.Append(';').Append(FoldedName(_profile.FrameSymbol(frames[i])));
        }
        return folded.ToString();
    }

    private static string FoldedName(string name) =>
        name.Contains(';') || name.Contains('\n') ? name.Replace(';', ':').Replace('\n', ' ') : name;

    private long[] Weights(SampleWeight weight) => weight == SampleWeight.Samples ? _stackSamples : _stackPeriods;

    private static List<NamedShare> Named(long[] weights, IReadOnlyList<string> names, long grandTotal) =>
        Enumerable.Range(0, weights.Length)
            .Where(i => weights[i] > 0)
            .Select(i => new NamedShare(names[i], weights[i], ShareOf(weights[i], grandTotal)))
            .OrderByDescending(share => share.Weight)
            .ThenBy(share => share.Name, StringComparer.Ordinal)
            .ToList();

    private static double ShareOf(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
