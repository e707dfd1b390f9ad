namespace WebOcperf.Perf.Stat;

/// <summary>One measured repetition, as the statistics see it.</summary>
/// <param name="Index">The repetition's number (1 for the first measured one).</param>
/// <param name="Result">Its own perf stat result.</param>
/// <param name="WallSeconds">Wall time around its perf process (perf's start-up included); null if unknown.</param>
/// <param name="Completed">
/// False for a repetition that was stopped (by a user, a time limit or a shutdown) or failed: it is shown but its
/// partial counts are not mixed into the statistics.
/// </param>
public sealed record MeasuredRepetition(int Index, StatResult Result, double? WallSeconds, bool Completed);

/// <summary>One event (or the wall time) over the measured repetitions.</summary>
/// <param name="Values">One per measured repetition, in order: null where the repetition is not counted.</param>
/// <param name="RepetitionIndexes">The repetition number of each entry of <paramref name="Values"/>.</param>
/// <param name="Stats">Of the counted values; null when none was counted.</param>
/// <param name="Excluded">
/// Repetitions left out: <c>&lt;not counted&gt;</c>, <c>&lt;not supported&gt;</c>, stopped or failed ones.
/// </param>
/// <param name="Outliers">Repetition numbers whose value is a gross outlier (they stay in the statistics).</param>
/// <param name="Rates">Per repetition, its value over its own duration; null where unknown or not counted.</param>
public sealed record RepeatedEvent(
    string Event,
    string Unit,
    CountState State,
    IReadOnlyList<double?> Values,
    IReadOnlyList<int> RepetitionIndexes,
    DescriptiveStatistics? Stats,
    int Excluded,
    IReadOnlyList<int> Outliers,
    IReadOnlyList<double?> Rates)
{
    public int Counted => Stats?.N ?? 0;

    /// <summary>Each flagged repetition with how its value compares to the median (2.1 = 2.1× the median).</summary>
    public IEnumerable<(int Repetition, double TimesMedian)> OutlierRatios()
    {
        if (Stats is not { Median: not 0 } stats)
        {
            yield break;
        }
        foreach (var repetition in Outliers)
        {
            var position = RepetitionIndexes.ToList().IndexOf(repetition);
            if (Values[position] is { } value)
            {
                yield return (repetition, value / stats.Median);
            }
        }
    }
}

/// <summary>
/// The statistics of a repeated perf stat benchmark: per event and for the wall time, over the measured repetitions
/// (warm-ups are not given to it). The unit of comparison for two benchmarks: <see cref="RepeatedEvent.Values"/> are the
/// per-repetition totals.
/// </summary>
public sealed record RepeatedStatResult(IReadOnlyList<RepeatedEvent> Events, RepeatedEvent WallTime, int Repetitions)
{
    public const string WallTimeName = "wall time";

    public static RepeatedStatResult Empty { get; } = From([]);

    /// <summary>
    /// The measured repetition whose wall time is the median (the lower of the two middle ones of an even count): the
    /// one to show when a single repetition has to stand for all of them, as in a chart of several benchmarks. The first
    /// repetition would be the worst choice, as it is the one that meets cold caches. Null when no wall time counted.
    /// </summary>
    public int? MedianWallTimeRepetition
    {
        get
        {
            var timed = WallTime.Values
                .Select((seconds, i) => (Seconds: seconds, Repetition: WallTime.RepetitionIndexes[i]))
                .Where(entry => entry.Seconds is not null)
                .OrderBy(entry => entry.Seconds)
                .ThenBy(entry => entry.Repetition)
                .ToList();
            return timed.Count == 0 ? null : timed[(timed.Count - 1) / 2].Repetition;
        }
    }

    /// <summary>
    /// Matches events across repetitions by perf's name, in the order of their first appearance (every repetition runs
    /// the same command, so they normally all print the same events).
    /// </summary>
    public static RepeatedStatResult From(IReadOnlyList<MeasuredRepetition> repetitions)
    {
        var names = new List<string>();
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repetition in repetitions)
        {
            foreach (var summary in repetition.Result.Events)
            {
                if (!units.ContainsKey(summary.Event))
                {
                    names.Add(summary.Event);
                    units[summary.Event] = summary.Unit;
                }
                else if (units[summary.Event].Length == 0 && summary.Unit.Length > 0)
                {
                    units[summary.Event] = summary.Unit;
                }
            }
        }

        var indexes = repetitions.Select(r => r.Index).ToList();
        var events = names.Select(name =>
        {
            var values = new List<double?>();
            var rates = new List<double?>();
            var anyNotSupported = false;
            foreach (var repetition in repetitions)
            {
                var summary = repetition.Result.Events.FirstOrDefault(e => e.Event == name);
                anyNotSupported |= summary?.State == CountState.NotSupported;
                var value = repetition.Completed && summary is { State: CountState.Counted, Total: { } total } ? total : (double?)null;
                values.Add(value);
                rates.Add(value is not null ? summary!.RatePerSecond : null);
            }
            var state = values.Any(v => v is not null) ? CountState.Counted
                : anyNotSupported ? CountState.NotSupported : CountState.NotCounted;
            return Summarise(name, units[name], state, values, indexes, rates);
        }).ToList();

        var wallValues = repetitions.Select(r => r.Completed ? r.WallSeconds : null).ToList();
        var wallTime = Summarise(WallTimeName, "s",
            wallValues.Any(v => v is not null) ? CountState.Counted : CountState.NotCounted,
            wallValues, indexes, wallValues.Select(_ => (double?)null).ToList());
        return new RepeatedStatResult(events, wallTime, repetitions.Count);
    }

    private static RepeatedEvent Summarise(string name, string unit, CountState state, List<double?> values,
        List<int> indexes, List<double?> rates)
    {
        var counted = new List<double>();
        var countedIndexes = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                counted.Add(value);
                countedIndexes.Add(indexes[i]);
            }
        }
        var outliers = Statistics.OutlierPositions(counted).Select(p => countedIndexes[p]).ToList();
        return new RepeatedEvent(name, unit, state, values, indexes, Statistics.Describe(counted),
            values.Count - counted.Count, outliers, rates);
    }
}
