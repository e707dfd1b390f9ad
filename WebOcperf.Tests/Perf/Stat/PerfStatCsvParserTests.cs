using WebOcperf.Perf.Stat;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf.Stat;

public sealed class PerfStatCsvParserTests
{
    private static List<PerfStatLine> ParseGolden(string name, bool intervalMode) =>
        PerfStatCsvParser.ParseAll(Golden.Read("Perf", "Stat", "Golden", name), intervalMode);

    [Fact]
    public void Interval_file_skips_the_header_and_keeps_every_line()
    {
        var lines = ParseGolden("interval.csv", intervalMode: true);

        Assert.Equal(25, lines.Count);
        var first = lines[0];
        Assert.Equal(0.100258131, first.Time);
        Assert.Equal("task-clock", first.Event);
        Assert.Equal(99.77, first.Value);
        Assert.Equal("msec", first.Unit);
        Assert.Equal(CountState.Counted, first.State);
        Assert.Equal(99769736, first.RunTimeNs);
        Assert.Equal(100.00, first.PercentRunning);
        Assert.Equal(0.998, first.MetricValue);
        Assert.Equal("CPUs utilized", first.MetricUnit);
    }

    [Fact]
    public void Not_supported_is_a_state_not_a_zero()
    {
        var cycles = ParseGolden("interval.csv", intervalMode: true).First(l => l.Event == "cycles");

        Assert.Equal(CountState.NotSupported, cycles.State);
        Assert.Null(cycles.Value);
        Assert.Null(cycles.MetricValue);
    }

    [Fact]
    public void Not_counted_keeps_its_unit()
    {
        var lines = ParseGolden("notcounted.csv", intervalMode: true);
        var notCounted = lines.Where(l => l.State == CountState.NotCounted).ToList();

        Assert.Equal(9, notCounted.Count);
        Assert.Contains(notCounted, l => l.Event == "task-clock" && l.Unit == "msec" && l.Value is null);
    }

    [Fact]
    public void Totals_file_has_no_time_column()
    {
        var lines = ParseGolden("totals.csv", intervalMode: false);

        Assert.Equal(["task-clock", "context-switches", "page-faults", "cycles", "instructions"], lines.Select(l => l.Event));
        Assert.All(lines, l => Assert.Null(l.Time));
        Assert.Equal(CountState.NotSupported, lines[3].State);
    }

    [Fact]
    public void Repeat_runs_insert_a_variance_column_after_the_event()
    {
        var lines = ParseGolden("repeat.csv", intervalMode: false);

        Assert.Equal(12.78, lines[0].VariancePercent);
        Assert.Equal(34194631, lines[0].RunTimeNs);
        Assert.Equal(100.00, lines[0].PercentRunning);
        Assert.Equal("CPUs utilized", lines[0].MetricUnit);
        Assert.Equal(0.00, lines[2].VariancePercent);
        Assert.Equal(CountState.NotSupported, lines[2].State);
    }

    [Fact]
    public void Unprivileged_runs_keep_the_u_modifier_in_the_name()
    {
        var totals = ParseGolden("user-modifier.csv", intervalMode: false);
        var intervals = ParseGolden("user-interval.csv", intervalMode: true);

        Assert.Equal(["task-clock:u", "context-switches:u", "page-faults:u"], totals.Select(l => l.Event));
        Assert.Equal("task-clock:u", intervals[0].Event);
    }

    [Fact]
    public void Summary_lines_are_marked_and_have_no_time()
    {
        var lines = ParseGolden("summary.csv", intervalMode: true);
        var summaries = lines.Where(l => l.IsSummary).ToList();

        Assert.Equal(["task-clock", "page-faults"], summaries.Select(l => l.Event));
        Assert.All(summaries, l => Assert.Null(l.Time));
        Assert.Equal(89.42, summaries[0].Value);
    }

    [Fact]
    public void A_file_with_only_the_header_has_no_lines()
    {
        Assert.Empty(ParseGolden("missing.csv", intervalMode: true));
    }

    [Theory]
    [InlineData("     1.000,1234567,,cpu/event=0x3c,umask=0x0/,500000000,50.00,,", "cpu/event=0x3c,umask=0x0/", 1234567, 50.0)]
    [InlineData("     1.000,98765,,cycles,250000000,25.00,1.23,GHz", "cycles", 98765, 25.0)]
    [InlineData("     2.000,5,,mem_load_retired.l3_miss,400000000,40.07,,", "mem_load_retired.l3_miss", 5, 40.07)]
    public void Multiplexed_hardware_counters_and_raw_names_with_commas(string line, string expectedEvent,
        double expectedValue, double expectedRunning)
    {
        Assert.True(PerfStatCsvParser.TryParseLine(line, intervalMode: true, out var parsed));

        Assert.Equal(expectedEvent, parsed.Event);
        Assert.Equal(expectedValue, parsed.Value);
        Assert.Equal(expectedRunning, parsed.PercentRunning);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# started on Wed Nov 25 03:21:10 2026")]
    [InlineData("sh: 1: nonexistent: not found")]
    [InlineData("     0.1,12")]
    [InlineData("garbage,,,,,,,")]
    public void Lines_that_are_not_counter_lines_are_skipped(string line)
    {
        Assert.False(PerfStatCsvParser.TryParseLine(line, intervalMode: true, out _));
    }
}
