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
        var intervalLines = lines.Where(l => l.Time is not null).ToList();
        if (intervalLines.Count == 0)
        {
            var totals = lines.Where(l => !l.IsSummary).ToList();
            if (totals.Count == 0)
            {
                totals = lines.ToList();
            }
            return new StatResult(SummariesFromTotals(totals, elapsedSeconds), []);
        }

        var assembler = new IntervalAssembler();
        var intervals = intervalLines.SelectMany(assembler.Add).ToList();
        if (assembler.Flush() is { } last)
        {
            intervals.Add(last);
        }
        var elapsed = intervals[^1].Time;
        // grouped once rather than searched per event: a run with many events and many intervals would be quadratic
        var linesOfEvent = intervalLines.GroupBy(l => l.Event, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var summaryOfEvent = new Dictionary<string, PerfStatLine>(StringComparer.Ordinal);
        foreach (var summaryLine in lines.Where(l => l.IsSummary))
        {
            summaryOfEvent.TryAdd(summaryLine.Event, summaryLine);
        }
        var summaries = assembler.Events
            .Select(name => SummaryFromIntervals(name, linesOfEvent[name], summaryOfEvent.GetValueOrDefault(name), elapsed))
            .ToList();
        return new StatResult(summaries, intervals);
    }

    private static List<EventSummary> SummariesFromTotals(List<PerfStatLine> totals, double? elapsedSeconds) =>
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

    private static EventSummary SummaryFromIntervals(string name, List<PerfStatLine> ofEvent, PerfStatLine? summary,
        double elapsed)
    {
        var counted = ofEvent.Where(l => l.State == CountState.Counted).ToList();
        var unit = ofEvent.Select(l => l.Unit).FirstOrDefault(u => u.Length > 0) ?? "";
        if (counted.Count == 0)
        {
            var state = ofEvent.Any(l => l.State == CountState.NotSupported) ? CountState.NotSupported : CountState.NotCounted;
            return new EventSummary(name, unit, null, state, null, null, null, null, "");
        }

        var total = summary?.Value ?? counted.Sum(l => l.Value!.Value);
        var runTime = counted.Sum(l => (double)(l.RunTimeNs ?? 0));
        // weight each interval's % running by how long the counter was enabled in it, as perf does for totals
        var percentRunning = runTime > 0
            ? counted.Sum(l => (l.PercentRunning ?? 100) * (l.RunTimeNs ?? 0)) / runTime
            : counted.Average(l => l.PercentRunning ?? 100);
        return new EventSummary(name, unit, total, CountState.Counted, percentRunning, Rate(total, elapsed), null,
            summary?.MetricValue, summary?.MetricUnit ?? "");
    }

    private static double? Rate(double? total, double? seconds) =>
        total is { } t && seconds is > 0 ? t / seconds.Value : null;
}
