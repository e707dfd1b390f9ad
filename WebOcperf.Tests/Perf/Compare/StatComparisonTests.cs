using WebOcperf.Perf.Compare;

namespace WebOcperf.Tests.Perf.Compare;

public sealed class StatComparisonTests
{
    private static SampleSummary Summary(params double[] values)
    {
        if (values.Length == 1)
        {
            return SampleSummary.Single(values[0]);
        }
        var mean = values.Average();
        return new SampleSummary(values.Length, mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)));
    }

    private static StatMeasure Measure(string name, params double[] values) => new(name, "msec", Summary(values), null);

    [Fact]
    public void Single_runs_give_deltas_and_no_verdict()
    {
        var comparison = StatComparison.Compare(
            new StatSide([Measure("task-clock", 200), Measure("page-faults", 50)], new StatMeasure("wall time", "s", Summary(0.25), null)),
            [new StatSide([Measure("task-clock", 400), Measure("context-switches", 3)], new StatMeasure("wall time", "s", Summary(0.45), null))]);

        Assert.Equal(["task-clock", "page-faults", "context-switches"], comparison.Events.Select(row => row.Event));
        var taskClock = comparison.Events[0].Runs[0];
        Assert.Equal((200.0, 100.0), (taskClock.Delta!.Value, taskClock.DeltaPercent!.Value));
        Assert.Equal(Verdict.NoVerdict, taskClock.Verdict);
        Assert.Null(taskClock.PValue);
        // a run lacking an event has no delta ("—")
        Assert.Null(comparison.Events[1].Runs[0].Summary);
        Assert.Null(comparison.Events[1].Runs[0].Delta);
        Assert.Null(comparison.Events[2].Base);
        Assert.Equal(80, comparison.WallTime!.Runs[0].DeltaPercent!.Value, 9);
        Assert.False(comparison.HasVerdicts);
    }

    [Fact]
    public void Repeated_runs_get_verdicts_from_Holm_adjusted_p_and_the_threshold()
    {
        var baseSide = new StatSide(
        [
            Measure("task-clock", 200, 202, 198, 201, 199),
            Measure("page-faults", 50, 51, 49, 50, 50),
            Measure("context-switches", 10, 30, 5, 40, 15),
        ], new StatMeasure("wall time", "s", Summary(0.20, 0.21, 0.20, 0.19, 0.20), null));
        var other = new StatSide(
        [
            Measure("task-clock", 400, 402, 398, 401, 399),
            Measure("page-faults", 50.2, 51.2, 49.2, 50.2, 50.2), // +0.4 %: below the 1 % threshold
            Measure("context-switches", 12, 32, 7, 42, 17),       // noisy: not significant
        ], new StatMeasure("wall time", "s", Summary(0.10, 0.11, 0.10, 0.09, 0.10), null));

        var comparison = StatComparison.Compare(baseSide, [other]);

        Assert.Equal(Verdict.Increased, comparison.Events[0].Runs[0].Verdict);
        Assert.Equal(Verdict.NoChange, comparison.Events[1].Runs[0].Verdict);
        Assert.Equal(Verdict.NoChange, comparison.Events[2].Runs[0].Verdict);
        Assert.Equal(Verdict.Decreased, comparison.WallTime!.Runs[0].Verdict);
        Assert.True(comparison.HasVerdicts);
        // Holm: the adjusted p is never below the raw one, and four rows are one family
        foreach (var run in comparison.AllRows.Select(row => row.Runs[0]))
        {
            Assert.True(run.PAdjusted >= run.PValue);
        }
        Assert.Equal(100, comparison.Events[0].Runs[0].DeltaPercent!.Value, 9);
        Assert.True(comparison.Events[0].Runs[0].CiLowPercent < 100 && comparison.Events[0].Runs[0].CiHighPercent > 100);

        // a threshold above the change turns a significant change into no change
        var lenient = StatComparison.Compare(baseSide, [other], thresholdPercent: 150);
        Assert.Equal(Verdict.NoChange, lenient.Events[0].Runs[0].Verdict);
        Assert.Equal(Verdict.NoChange, lenient.WallTime!.Runs[0].Verdict);
    }

    [Theory]
    [InlineData(0.5, 0.001, Verdict.NoChange)]   // below the 1 % threshold, however significant
    [InlineData(1.0, 0.001, Verdict.Increased)]  // at the threshold
    [InlineData(-3, 0.001, Verdict.Decreased)]
    [InlineData(5, 0.05, Verdict.NoChange)]      // p must be below 0.05
    [InlineData(5, 0.049, Verdict.Increased)]
    [InlineData(5, null, Verdict.Increased)]     // zero variance on both sides: |Δ%| alone decides
    [InlineData(0.2, null, Verdict.NoChange)]
    public void Threshold_and_significance_both_decide(double deltaPercent, double? pAdjusted, Verdict expected)
    {
        Assert.Equal(expected, StatComparison.Decide(deltaPercent, pAdjusted, repeatedOnBothSides: true, thresholdPercent: 1));
        Assert.Equal(Verdict.NoVerdict, StatComparison.Decide(deltaPercent, pAdjusted, repeatedOnBothSides: false, thresholdPercent: 1));
    }

    [Fact]
    public void Zero_variance_rows_follow_the_threshold()
    {
        var comparison = StatComparison.Compare(
            new StatSide([Measure("page-faults", 50, 50, 50), Measure("minor-faults", 50, 50, 50)], null),
            [new StatSide([Measure("page-faults", 60, 60, 60), Measure("minor-faults", 50.2, 50.2, 50.2)], null)]);

        Assert.Null(comparison.Events[0].Runs[0].PValue);
        Assert.Equal(Verdict.Increased, comparison.Events[0].Runs[0].Verdict);
        Assert.Equal(Verdict.NoChange, comparison.Events[1].Runs[0].Verdict);
        Assert.Null(comparison.WallTime);
    }
}
