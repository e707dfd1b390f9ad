namespace WebOcperf.Perf.Stat;

/// <summary>One <c>-I</c> interval: the end time of the interval and each event's count in it.</summary>
/// <param name="Values">Per event, in the order perf printed them; null where perf could not count.</param>
public sealed record IntervalSample(double Time, IReadOnlyList<double?> Values);

/// <summary>What one event amounted to over the whole run.</summary>
/// <param name="Total">Null unless <paramref name="State"/> is counted.</param>
/// <param name="RatePerSecond">Total over the run's elapsed seconds, when both are known.</param>
/// <param name="MetricValue">perf's own derived metric (e.g. "CPUs utilized", "/sec") for totals runs.</param>
public sealed record EventSummary(
    string Event,
    string Unit,
    double? Total,
    CountState State,
    double? PercentRunning,
    double? RatePerSecond,
    double? VariancePercent,
    double? MetricValue,
    string MetricUnit);

/// <summary>A parsed perf stat run: the per-event totals and, for <c>-I</c> runs, the interval series.</summary>
public sealed record StatResult(IReadOnlyList<EventSummary> Events, IReadOnlyList<IntervalSample> Intervals)
{
    public static StatResult Empty { get; } = new([], []);

    public IReadOnlyList<string> EventNames => Events.Select(e => e.Event).ToList();

    /// <summary>Builds the result from parsed lines.</summary>
    /// <param name="elapsedSeconds">
    /// Wall time of a totals run (CSV mode prints none); interval runs use the last interval's time instead.
    /// </param>
    public static StatResult From(IReadOnlyList<PerfStatLine> lines, double? elapsedSeconds)
    {
        var builder = new StatResultBuilder();
        foreach (var line in lines)
        {
            builder.Add(line);
        }
        return builder.Build(elapsedSeconds);
    }

    internal static List<EventSummary> SummariesFromTotals(List<PerfStatLine> totals, double? elapsedSeconds) =>
        totals.Select(l => new EventSummary(
            l.Event,
            l.Unit,
            l.Value,
            l.State,
            l.State == CountState.Counted ? l.PercentRunning : null,
            Rate(l.Value, elapsedSeconds),
            l.VariancePercent,
            l.MetricValue,
            l.MetricUnit)).ToList();

    internal static EventSummary SummaryFromIntervals(string name, EventTally tally, PerfStatLine? summary, double elapsed)
    {
        if (tally.Counted == 0)
        {
            var state = tally.AnyNotSupported ? CountState.NotSupported : CountState.NotCounted;
            return new EventSummary(name, tally.Unit, null, state, null, null, null, null, "");
        }

        var total = summary?.Value ?? tally.Sum;
        // weight each interval's % running by how long the counter was enabled in it, as perf does for totals
        var percentRunning = tally.RunTimeNs > 0
            ? tally.WeightedPercentRunning / tally.RunTimeNs
            : tally.PercentRunningSum / tally.Counted;
        return new EventSummary(name, tally.Unit, total, CountState.Counted, percentRunning, Rate(total, elapsed), null,
            summary?.MetricValue, summary?.MetricUnit ?? "");
    }

    private static double? Rate(double? total, double? seconds) =>
        total is { } t && seconds is > 0 ? t / seconds.Value : null;
}

/// <summary>
/// Builds a <see cref="StatResult"/> one parsed line at a time: a one-hour run at <c>-I 100</c> with 20 events is 720,000
/// lines, which are tallied as they come and never held all at once.
/// </summary>
public sealed class StatResultBuilder
{
    /// <summary>Reads a perf stat <c>-x,</c> file line by line into a result.</summary>
    /// <param name="intervalMode">Whether the run used <c>-I</c> (see <see cref="PerfStatCsvParser.TryParseLine"/>).</param>
    /// <param name="elapsedSeconds">Wall time of a totals run; interval runs use their last interval's time.</param>
    public static StatResult FromFile(string path, bool intervalMode, double? elapsedSeconds)
    {
        var builder = new StatResultBuilder();
        // FileShare.ReadWrite: perf may still be writing a running benchmark's file
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024))
        using (var reader = new StreamReader(stream))
        {
            while (reader.ReadLine() is { } line)
            {
                if (PerfStatCsvParser.TryParseLine(line, intervalMode, out var parsed))
                {
                    builder.Add(parsed);
                }
            }
        }
        return builder.Build(elapsedSeconds);
    }

    private readonly List<PerfStatLine> untimed = [];
    private readonly IntervalAssembler assembler = new();
    private readonly List<IntervalSample> intervals = [];
    private readonly Dictionary<string, EventTally> tallies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PerfStatLine> summaries = new(StringComparer.Ordinal);
    private bool sawInterval;
    private bool built;

    public void Add(PerfStatLine line)
    {
        if (line.IsSummary)
        {
            summaries.TryAdd(line.Event, line);
        }
        if (line.Time is null)
        {
            // totals lines, and --summary lines after the intervals: a handful
            untimed.Add(line);
            return;
        }
        sawInterval = true;
        intervals.AddRange(assembler.Add(line));
        if (!tallies.TryGetValue(line.Event, out var tally))
        {
            tallies[line.Event] = tally = new EventTally();
        }
        tally.Add(line);
    }

    /// <summary>The result of the lines added; once only, as it hands the last pending interval out.</summary>
    /// <param name="elapsedSeconds">
    /// Wall time of a totals run (CSV mode prints none); interval runs use the last interval's time instead.
    /// </param>
    public StatResult Build(double? elapsedSeconds)
    {
        if (built)
        {
            throw new InvalidOperationException("A StatResultBuilder builds one result.");
        }
        built = true;
        if (!sawInterval)
        {
            var totals = untimed.Where(l => !l.IsSummary).ToList();
            return new StatResult(StatResult.SummariesFromTotals(totals.Count > 0 ? totals : untimed, elapsedSeconds), []);
        }
        var series = new List<IntervalSample>(intervals);
        if (assembler.Flush() is { } last)
        {
            series.Add(last);
        }
        var elapsed = series[^1].Time;
        var events = assembler.Events
            .Select(name => StatResult.SummaryFromIntervals(name, tallies[name], summaries.GetValueOrDefault(name), elapsed))
            .ToList();
        return new StatResult(events, series);
    }
}

/// <summary>What the interval lines of one event add up to.</summary>
internal sealed class EventTally
{
    public string Unit { get; private set; } = "";
    public int Counted { get; private set; }
    public double Sum { get; private set; }
    public double RunTimeNs { get; private set; }
    public double WeightedPercentRunning { get; private set; }
    public double PercentRunningSum { get; private set; }
    public bool AnyNotSupported { get; private set; }

    public void Add(PerfStatLine line)
    {
        if (Unit.Length == 0 && line.Unit.Length > 0)
        {
            Unit = line.Unit;
        }
        if (line.State == CountState.NotSupported)
        {
            AnyNotSupported = true;
        }
        if (line.State != CountState.Counted)
        {
            return;
        }
        Counted++;
        Sum += line.Value!.Value;
        RunTimeNs += line.RunTimeNs ?? 0;
        WeightedPercentRunning += (line.PercentRunning ?? 100) * (line.RunTimeNs ?? 0);
        PercentRunningSum += line.PercentRunning ?? 100;
    }
}
