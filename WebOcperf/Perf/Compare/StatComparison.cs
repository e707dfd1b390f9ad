namespace WebOcperf.Perf.Compare;

/// <summary>Whether a row changed between the base and another run.</summary>
public enum Verdict
{
    Increased,
    Decreased,
    NoChange,
    /// <summary>A side has a single value (or none): deltas only, no test.</summary>
    NoVerdict,
}

/// <summary>One event (or the wall time) of one run, as the comparison sees it.</summary>
/// <param name="Summary">Null when the run did not count it (<c>&lt;not supported&gt;</c>, <c>&lt;not counted&gt;</c>).</param>
/// <param name="RatePerSecond">The mean over the run's duration, when known.</param>
public sealed record StatMeasure(string Name, string Unit, SampleSummary? Summary, double? RatePerSecond);

/// <summary>One run's events and wall time.</summary>
public sealed record StatSide(IReadOnlyList<StatMeasure> Events, StatMeasure? WallTime);

/// <summary>One other run's value of a row and how it differs from the base.</summary>
/// <param name="Summary">Null where the run lacks the event ("—").</param>
/// <param name="DeltaPercent">Of the base mean; null when the base mean is 0 or a side is missing.</param>
/// <param name="PValue">Welch's two-sided p; null without repetitions on both sides or with zero variance on both.</param>
/// <param name="PAdjusted">Holm-adjusted over the rows of this run's comparison; the verdict uses it.</param>
/// <param name="CiLow">95 % confidence interval of the difference of means (other − base).</param>
public sealed record StatDelta(
    SampleSummary? Summary,
    double? RatePerSecond,
    double? Delta,
    double? DeltaPercent,
    double? T,
    double? DegreesOfFreedom,
    double? PValue,
    double? PAdjusted,
    double? CiLow,
    double? CiHigh,
    double? CiLowPercent,
    double? CiHighPercent,
    Verdict Verdict);

/// <summary>One row of the comparison: the base's value and every other run's.</summary>
public sealed record StatRow(string Event, string Unit, SampleSummary? Base, double? BaseRatePerSecond, IReadOnlyList<StatDelta> Runs)
{
    /// <summary>The largest |Δ%| over the other runs, for sorting; null when none is known.</summary>
    public double? LargestAbsoluteDeltaPercent
    {
        get
        {
            var known = Runs.Where(run => run.DeltaPercent is not null).Select(run => Math.Abs(run.DeltaPercent!.Value)).ToList();
            return known.Count == 0 ? null : known.Max();
        }
    }
}

/// <summary>
/// perf stat runs compared with a base: per event (the union of the runs' events, in the base's order first) and for
/// the wall time, the deltas and — when both sides were repeated — Welch's test, the confidence interval and a
/// verdict. A change is Increased or Decreased only when its Holm-adjusted p is below <see cref="Alpha"/> and its
/// |Δ%| reaches the noise threshold; with zero variance on both sides there is no p and |Δ%| alone decides.
/// </summary>
public sealed record StatComparison(IReadOnlyList<StatRow> Events, StatRow? WallTime, double ThresholdPercent)
{
    public const double Alpha = 0.05;
    public const double Confidence = 0.95;
    public const double DefaultThresholdPercent = 1;

    /// <summary>Whether any row of any run could get a verdict (repetitions on both sides).</summary>
    public bool HasVerdicts => AllRows.Any(row => row.Runs.Any(run => run.Verdict != Verdict.NoVerdict));

    public IEnumerable<StatRow> AllRows => WallTime is null ? Events : Events.Append(WallTime);

    public static StatComparison Compare(StatSide baseSide, IReadOnlyList<StatSide> others,
        double thresholdPercent = DefaultThresholdPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdPercent);
        var names = new List<(string Name, string Unit)>();
        foreach (var side in others.Prepend(baseSide))
        {
            foreach (var measure in side.Events)
            {
                if (!names.Any(known => known.Name == measure.Name))
                {
                    names.Add((measure.Name, measure.Unit));
                }
            }
        }

        // Welch per row and run first: Holm needs every p of a run's comparison before any verdict.
        var rows = names.Select(name => (name.Name, name.Unit,
            Base: baseSide.Events.FirstOrDefault(m => m.Name == name.Name),
            Others: others.Select(side => side.Events.FirstOrDefault(m => m.Name == name.Name)).ToList())).ToList();
        var hasWallTime = baseSide.WallTime is not null || others.Any(side => side.WallTime is not null);
        if (hasWallTime)
        {
            rows.Add((baseSide.WallTime?.Name ?? others.First(side => side.WallTime is not null).WallTime!.Name, "s",
                baseSide.WallTime, others.Select(side => side.WallTime).ToList()));
        }

        var tests = rows.Select(row => row.Others.Select(other =>
            row.Base?.Summary is { } b && other?.Summary is { } o ? WelchResult.Compute(b, o, Confidence) : null).ToList()).ToList();
        var adjustedPerRun = Enumerable.Range(0, others.Count)
            .Select(run => Holm.Adjust(tests.Select(rowTests => rowTests[run]?.PValue).ToList()))
            .ToList();

        var built = rows.Select((row, rowIndex) => new StatRow(row.Name, row.Unit, row.Base?.Summary, row.Base?.RatePerSecond,
            row.Others.Select((other, run) => Delta(row.Base?.Summary, other, tests[rowIndex][run],
                adjustedPerRun[run][rowIndex], thresholdPercent)).ToList())).ToList();
        var wallTime = hasWallTime ? built[^1] : null;
        return new StatComparison(hasWallTime ? built[..^1] : built, wallTime, thresholdPercent);
    }

    /// <summary>The verdict for a difference: significant (or untestable with zero variance) and at least the threshold.</summary>
    public static Verdict Decide(double? deltaPercent, double? pAdjusted, bool repeatedOnBothSides, double thresholdPercent)
    {
        if (!repeatedOnBothSides || deltaPercent is not { } percent)
        {
            return Verdict.NoVerdict;
        }
        if (Math.Abs(percent) < thresholdPercent || percent == 0 || pAdjusted is >= Alpha)
        {
            return Verdict.NoChange;
        }
        return percent > 0 ? Verdict.Increased : Verdict.Decreased;
    }

    private static StatDelta Delta(SampleSummary? baseSummary, StatMeasure? other, WelchResult? test, double? pAdjusted,
        double thresholdPercent)
    {
        var summary = other?.Summary;
        if (baseSummary is null || summary is null)
        {
            return new StatDelta(summary, other?.RatePerSecond, null, null, null, null, null, null, null, null, null, null,
                Verdict.NoVerdict);
        }
        var delta = summary.Mean - baseSummary.Mean;
        double? Percent(double? value) => value is { } v && baseSummary.Mean != 0 ? v / Math.Abs(baseSummary.Mean) * 100 : null;
        var deltaPercent = Percent(delta);
        var verdict = Decide(deltaPercent, pAdjusted, test is not null, thresholdPercent);
        return new StatDelta(summary, other!.RatePerSecond, delta, deltaPercent, test?.T, test?.DegreesOfFreedom,
            test?.PValue, pAdjusted, test?.CiLow, test?.CiHigh, Percent(test?.CiLow), Percent(test?.CiHigh), verdict);
    }
}
