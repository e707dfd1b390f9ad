using WebOcperf.Perf.Stat;

namespace WebOcperf.Tests.Perf.Stat;

public sealed class IntervalAssemblerTests
{
    private static PerfStatLine Line(double time, string name, double value) =>
        new(time, false, name, value, CountState.Counted, "", null, 1, 100, null, "");

    [Fact]
    public void The_first_interval_completes_when_the_second_starts_and_later_ones_at_their_last_line()
    {
        var assembler = new IntervalAssembler();

        Assert.Empty(assembler.Add(Line(0.1, "a", 1)));
        Assert.Empty(assembler.Add(Line(0.1, "b", 2)));
        var first = assembler.Add(Line(0.2, "a", 3));
        Assert.Single(first);
        Assert.Equal([1.0, 2.0], first[0].Values.Select(v => v!.Value));

        var second = assembler.Add(Line(0.2, "b", 4));
        Assert.Single(second);
        Assert.Equal(0.2, second[0].Time);
        Assert.Null(assembler.Flush());
    }

    [Fact]
    public void A_partial_last_interval_is_flushed_at_the_end()
    {
        var assembler = new IntervalAssembler();
        assembler.Add(Line(0.1, "a", 1));
        assembler.Add(Line(0.1, "b", 2));
        assembler.Add(Line(0.2, "a", 3));

        var last = assembler.Flush();

        Assert.NotNull(last);
        Assert.Equal(3.0, last.Values[0]);
        Assert.Null(last.Values[1]);
    }

    [Fact]
    public void Totals_lines_are_ignored()
    {
        var assembler = new IntervalAssembler();

        Assert.Empty(assembler.Add(new PerfStatLine(null, true, "a", 1, CountState.Counted, "", null, 1, 100, null, "")));
        Assert.Null(assembler.Flush());
    }
}
