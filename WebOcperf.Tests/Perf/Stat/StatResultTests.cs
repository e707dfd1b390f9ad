using WebOcperf.Perf.Stat;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf.Stat;

public sealed class StatResultTests
{
    [Fact]
    public void Intervals_are_grouped_by_time_and_totals_summed()
    {
        var lines = PerfStatCsvParser.ParseAll(Golden.Read("Perf", "Stat", "Golden", "interval.csv"), intervalMode: true);

        var result = StatResult.From(lines, elapsedSeconds: null);

        Assert.Equal(5, result.Intervals.Count);
        Assert.Equal(["task-clock", "context-switches", "page-faults", "cycles", "instructions"], result.EventNames);
        Assert.True(result.Intervals.Zip(result.Intervals.Skip(1)).All(p => p.First.Time < p.Second.Time));
        var taskClock = result.Events[0];
        Assert.Equal(lines.Where(l => l.Event == "task-clock").Sum(l => l.Value!.Value), taskClock.Total!.Value, 6);
        Assert.Equal(taskClock.Total!.Value / result.Intervals[^1].Time, taskClock.RatePerSecond!.Value, 6);
        Assert.Equal(CountState.NotSupported, result.Events[3].State);
        Assert.Null(result.Events[3].Total);
        Assert.All(result.Intervals, sample => Assert.Null(sample.Values[3]));
    }

    [Fact]
    public void An_event_never_counted_is_not_counted_rather_than_zero()
    {
        var lines = new List<PerfStatLine>
        {
            new(0.1, false, "a", null, CountState.NotCounted, "", null, 0, 100, null, ""),
            new(0.2, false, "a", null, CountState.NotCounted, "", null, 0, 100, null, ""),
        };

        var result = StatResult.From(lines, null);

        Assert.Equal(CountState.NotCounted, result.Events[0].State);
        Assert.Null(result.Events[0].Total);
    }

    [Fact]
    public void Percent_running_is_weighted_by_run_time()
    {
        var lines = new List<PerfStatLine>
        {
            new(1.0, false, "cycles", 100, CountState.Counted, "", null, 300, 50, null, ""),
            new(2.0, false, "cycles", 100, CountState.Counted, "", null, 100, 100, null, ""),
        };

        var result = StatResult.From(lines, null);

        Assert.Equal(62.5, result.Events[0].PercentRunning!.Value, 6);
    }

    [Fact]
    public void Totals_use_the_given_elapsed_time_for_the_rate()
    {
        var lines = PerfStatCsvParser.ParseAll(Golden.Read("Perf", "Stat", "Golden", "totals.csv"), intervalMode: false);

        var result = StatResult.From(lines, elapsedSeconds: 2.0);

        Assert.Empty(result.Intervals);
        Assert.Equal(result.Events[1].Total!.Value / 2.0, result.Events[1].RatePerSecond);
        Assert.Equal("/sec", result.Events[1].MetricUnit);
    }
}
