using WebOcperf.Perf.Stat;

namespace WebOcperf.Tests.Perf.Stat;

public sealed class RepeatedStatTests
{
    private static EventSummary Counted(string name, double total, double? rate = null) =>
        new(name, "", total, CountState.Counted, 100, rate, null, null, "");

    private static EventSummary Missing(string name, CountState state) =>
        new(name, "", null, state, null, null, null, null, "");

    private static MeasuredRepetition Repetition(int index, double wall, params EventSummary[] events) =>
        new(index, new StatResult(events, []), wall, Completed: true);

    [Fact]
    public void Each_event_gets_its_per_repetition_values_and_statistics()
    {
        var result = RepeatedStatResult.From(
        [
            Repetition(1, 1.0, Counted("task-clock", 100, rate: 100), Counted("page-faults", 10)),
            Repetition(2, 2.0, Counted("task-clock", 200, rate: 100), Counted("page-faults", 20)),
            Repetition(3, 3.0, Counted("task-clock", 300, rate: 100), Counted("page-faults", 30)),
        ]);

        Assert.Equal(3, result.Repetitions);
        var taskClock = result.Events[0];
        Assert.Equal("task-clock", taskClock.Event);
        Assert.Equal([100.0, 200.0, 300.0], taskClock.Values);
        Assert.Equal([1, 2, 3], taskClock.RepetitionIndexes);
        Assert.Equal(200, taskClock.Stats!.Mean);
        Assert.Equal(100, taskClock.Stats.StandardDeviation!.Value, 9);
        Assert.Equal(0, taskClock.Excluded);
        Assert.Equal([100.0, 100.0, 100.0], taskClock.Rates);
        Assert.Equal([1.0, 2.0, 3.0], result.WallTime.Values);
        Assert.Equal(2, result.WallTime.Stats!.Mean);
        Assert.Equal("s", result.WallTime.Unit);
    }

    [Fact]
    public void A_not_counted_repetition_is_excluded_and_counted_as_such()
    {
        var result = RepeatedStatResult.From(
        [
            Repetition(1, 1, Counted("a", 10)),
            Repetition(2, 1, Missing("a", CountState.NotCounted)),
            Repetition(3, 1, Counted("a", 14)),
        ]);

        var a = result.Events[0];
        Assert.Equal([10.0, null, 14.0], a.Values);
        Assert.Equal(2, a.Counted);
        Assert.Equal(1, a.Excluded);
        Assert.Equal(12, a.Stats!.Mean);
        Assert.Equal(CountState.Counted, a.State);
    }

    [Fact]
    public void An_event_no_repetition_could_count_has_no_statistics()
    {
        var result = RepeatedStatResult.From(
        [
            Repetition(1, 1, Missing("cycles", CountState.NotSupported)),
            Repetition(2, 1, Missing("cycles", CountState.NotSupported)),
        ]);

        Assert.Null(result.Events[0].Stats);
        Assert.Equal(CountState.NotSupported, result.Events[0].State);
        Assert.Equal(2, result.Events[0].Excluded);
    }

    [Fact]
    public void A_stopped_repetition_is_shown_but_not_counted()
    {
        var result = RepeatedStatResult.From(
        [
            Repetition(1, 1, Counted("a", 10)),
            new MeasuredRepetition(2, new StatResult([Counted("a", 3)], []), 0.3, Completed: false),
        ]);

        Assert.Equal([10.0, null], result.Events[0].Values);
        Assert.Equal(1, result.Events[0].Stats!.N);
        Assert.Equal([1.0, null], result.WallTime.Values);
    }

    [Fact]
    public void A_slow_repetition_is_flagged_with_its_ratio_to_the_median_and_stays_in_the_statistics()
    {
        var result = RepeatedStatResult.From(
        [
            Repetition(1, 1.00, Counted("a", 1)),
            Repetition(2, 1.01, Counted("a", 1)),
            Repetition(3, 0.99, Counted("a", 1)),
            Repetition(4, 2.10, Counted("a", 1)),
            Repetition(5, 1.00, Counted("a", 1)),
        ]);

        Assert.Equal([4], result.WallTime.Outliers);
        Assert.Equal(5, result.WallTime.Stats!.N);
        var (repetition, times) = Assert.Single(result.WallTime.OutlierRatios());
        Assert.Equal(4, repetition);
        Assert.Equal(2.1, times, 6);
        Assert.Empty(result.Events[0].Outliers);
    }

    [Fact]
    public void The_repetition_of_median_wall_time_stands_for_the_run()
    {
        // the first repetition meets cold caches: it is not the one to show
        Assert.Equal(3, RepeatedStatResult.From(
            [Repetition(1, 2.0, Counted("a", 1)), Repetition(2, 1.0, Counted("a", 1)), Repetition(3, 1.2, Counted("a", 1))])
            .MedianWallTimeRepetition);
        // an even count: the lower of the two middle ones
        Assert.Equal(4, RepeatedStatResult.From(
            [Repetition(1, 4.0), Repetition(2, 1.0), Repetition(3, 3.0), Repetition(4, 2.0)]).MedianWallTimeRepetition);
        // a stopped repetition has no wall time that counts
        Assert.Equal(2, RepeatedStatResult.From(
            [new MeasuredRepetition(1, new StatResult([], []), 1.5, Completed: false), Repetition(2, 9.0)]).MedianWallTimeRepetition);
        Assert.Null(RepeatedStatResult.Empty.MedianWallTimeRepetition);
    }
}
