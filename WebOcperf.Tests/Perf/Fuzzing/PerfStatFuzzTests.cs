using System.Text;
using WebOcperf.Perf.Stat;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// perf stat's CSV reaches the parser from a child process that can be killed mid-line, from files users upload, and from
/// workloads that write to the same stream; none of it may throw, hang or produce results that break the chart.
/// </summary>
public sealed class PerfStatFuzzTests
{
    private static readonly string[] GoldenFiles =
        ["interval.csv", "missing.csv", "notcounted.csv", "repeat.csv", "summary.csv", "totals.csv", "user-interval.csv", "user-modifier.csv"];

    private static readonly string[] IntervalGoldenFiles = ["interval.csv", "notcounted.csv", "summary.csv", "user-interval.csv"];

    private static string ReadGolden(string name) => Golden.Read("Perf", "Stat", "Golden", name);

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Random_text_parses_to_well_formed_lines_and_results(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var text = Fuzz.AnyText(random, random.Next(0, 8_000));
            foreach (var intervalMode in new[] { false, true })
            {
                var context = $"seed {seed}, round {round}, interval mode {intervalMode}";
                var lines = PerfStatCsvParser.ParseAll(text, intervalMode);
                AssertWellFormed(lines, intervalMode, context);
                CheckResult(lines, random, context);
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_golden_file_parses_a_prefix_of_its_lines()
    {
        foreach (var name in GoldenFiles)
        {
            var intervalMode = IntervalGoldenFiles.Contains(name);
            var text = ReadGolden(name);
            var full = PerfStatCsvParser.ParseAll(text, intervalMode);
            var random = new Random(name.Length);
            foreach (var prefix in Fuzz.Truncations(text, int.MaxValue))
            {
                var context = $"{name} cut at {prefix.Length}";
                var lines = PerfStatCsvParser.ParseAll(prefix, intervalMode);
                AssertWellFormed(lines, intervalMode, context);
                // a process killed mid-write loses at most the line being written; every complete line reads as before
                Assert.True(lines.Count <= full.Count, context);
                Assert.Equal(full.Take(Math.Max(0, lines.Count - 1)), lines.Take(Math.Max(0, lines.Count - 1)));
                CheckResult(lines, random, context);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Mutated_golden_lines_parse_to_well_formed_results(int seed)
    {
        var random = new Random(seed);
        foreach (var name in GoldenFiles)
        {
            var intervalMode = IntervalGoldenFiles.Contains(name);
            var text = ReadGolden(name);
            for (var round = 0; round < 25; round++)
            {
                var context = $"seed {seed}, {name}, round {round}";
                var lines = PerfStatCsvParser.ParseAll(Fuzz.MutateLines(random, text, ','), intervalMode);
                AssertWellFormed(lines, intervalMode, context);
                CheckResult(lines, random, context);
            }
        }
    }

    public static TheoryData<string> MegabyteShapes =>
        ["random tokens", "random bytes", "one line of commas with an unbalanced slash", "slashes and commas",
            "one event per line, all distinct", "very long event names", "unclosed markers"];

    [Theory]
    [MemberData(nameof(MegabyteShapes))]
    public async Task Megabyte_inputs_parse_in_bounded_time(string shape)
    {
        var text = MegabyteText(shape, new Random(shape.Length));
        foreach (var intervalMode in new[] { false, true })
        {
            var lines = await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"parsing '{shape}' (interval mode {intervalMode})",
                () => PerfStatCsvParser.ParseAll(text, intervalMode));
            AssertWellFormed(lines, intervalMode, shape);
            var result = await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"building the result of '{shape}'", () => StatResult.From(lines, 1.0));
            await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"downsampling '{shape}'",
                () => SeriesDownsampler.Downsample(result.Intervals, result.Events.Count, null, null, 2_000));
        }
    }

    private static string MegabyteText(string shape, Random random)
    {
        var text = new StringBuilder(Fuzz.Megabyte + 200);
        switch (shape)
        {
            case "random tokens":
                return Fuzz.TokenText(random, Fuzz.Megabyte);
            case "random bytes":
                return Fuzz.DecodedBytes(random, Fuzz.Megabyte);
            case "one line of commas with an unbalanced slash":
                // a slash opens perf's pmu/term,term/ syntax, so the splitter looks ahead for the closing one
                return "1.0,5,,cpu/event=0x3c" + new string(',', Fuzz.Megabyte);
            case "slashes and commas":
                while (text.Length < Fuzz.Megabyte)
                {
                    text.Append(random.Next(3) == 0 ? "/," : ",a/");
                }
                return text.ToString();
            case "one event per line, all distinct":
                for (var i = 0; text.Length < Fuzz.Megabyte; i++)
                {
                    text.Append("1.000,").Append(i).Append(",,event-").Append(i).Append(",100,100.00,,\n");
                    text.Append("summary,").Append(i).Append(",,event-").Append(i).Append(",100,100.00,,\n");
                }
                return text.ToString();
            case "very long event names":
                for (var i = 0; text.Length < Fuzz.Megabyte; i++)
                {
                    text.Append(i % 7).Append(".5,1,,").Append('e', 100_000).Append(i).Append(",100,100.00,,\n");
                }
                return text.ToString();
            default:
                while (text.Length < Fuzz.Megabyte)
                {
                    text.Append("<not counted,").Append("{[\"/").Append(",,,,");
                }
                return text.ToString();
        }
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Assembler_hands_out_every_fed_value_once_in_time_order(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var context = $"seed {seed}, round {round}";
            var fed = MonotonicIntervalLines(random);
            var assembler = new IntervalAssembler();
            var samples = new List<IntervalSample>();
            foreach (var line in fed)
            {
                samples.AddRange(assembler.Add(line));
            }
            if (assembler.Flush() is { } last)
            {
                samples.Add(last);
            }

            Assert.Equal(fed.Select(l => l.Event).Distinct(), assembler.Events);
            Assert.True(samples.Count <= fed.Count, context);
            for (var i = 1; i < samples.Count; i++)
            {
                Assert.True(samples[i - 1].Time <= samples[i].Time, $"{context}: sample {i} goes back in time");
            }
            Assert.All(samples, s => Assert.True(s.Values.Count <= assembler.Events.Count, context));
            // each (time, event) pair was fed at most once, so every counted value lands in exactly one sample
            Assert.Equal(fed.Count(l => l.Value is not null), samples.Sum(s => s.Values.Count(v => v is not null)));
            var eventIndex = assembler.Events.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index);
            foreach (var line in fed.Where(l => l.Value is not null))
            {
                Assert.Contains(samples, s => s.Time == line.Time && eventIndex[line.Event] < s.Values.Count &&
                                              Nullable.Equals(s.Values[eventIndex[line.Event]], line.Value));
            }
        }
    }

    /// <summary>
    /// Interval lines as perf prints them, give or take: times never go back, and each interval names each event at most
    /// once, but intervals may miss events, add new ones late or be cut short.
    /// </summary>
    private static List<PerfStatLine> MonotonicIntervalLines(Random random)
    {
        var lines = new List<PerfStatLine>();
        var eventPool = Enumerable.Range(0, random.Next(1, 8)).Select(i => $"event-{i}").ToArray();
        var time = random.NextDouble();
        for (var interval = random.Next(0, 30); interval > 0; interval--)
        {
            // perf's interval times grow; equal times would merge two intervals into one (and feed a pair twice)
            time += 0.001 + random.NextDouble();
            foreach (var name in eventPool.Where(_ => random.Next(5) > 0).Take(random.Next(1, eventPool.Length + 1)))
            {
                var counted = random.Next(6) > 0;
                var value = counted ? RandomCount(random) : (double?)null;
                lines.Add(new PerfStatLine(time, false, name, value, counted ? CountState.Counted : CountState.NotCounted, "", null,
                    random.Next(1_000_000), 100, null, ""));
            }
        }
        return lines;
    }

    private static double RandomCount(Random random) => random.Next(10) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => 1e308,
        3 => -0.0,
        _ => random.Next(1_000_000),
    };

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Downsampler_keeps_its_bounds_on_any_series(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 60; round++)
        {
            var context = $"seed {seed}, round {round}";
            var sorted = random.Next(3) > 0;
            var intervals = RandomSeries(random, sorted);
            var eventCount = random.Next(0, 6);
            double? from = random.Next(3) == 0 ? null : RandomTime(random);
            double? to = random.Next(3) == 0 ? null : RandomTime(random);
            var maxPoints = random.Next(8) == 0 ? random.Next(-3, 3) : random.Next(2, 400);

            var (series, downsampled) = SeriesDownsampler.Downsample(intervals, eventCount, from, to, maxPoints);

            Assert.Equal(eventCount, series.Count);
            foreach (var points in series)
            {
                Assert.True(points.Count <= intervals.Count, context);
                if (downsampled)
                {
                    // a min and a max per bucket, and there are at most maxPoints / 2 buckets (at least one)
                    Assert.True(points.Count <= Math.Max(2, maxPoints), $"{context}: {points.Count} points for {maxPoints}");
                }
                if (sorted)
                {
                    for (var i = 1; i < points.Count; i++)
                    {
                        Assert.True(points[i - 1].Time <= points[i].Time, $"{context}: point {i} goes back in time");
                    }
                }
            }
        }
    }

    private static List<IntervalSample> RandomSeries(Random random, bool sorted)
    {
        var count = random.Next(4) == 0 ? random.Next(0, 3) : random.Next(0, 3_000);
        var time = 0.0;
        var series = new List<IntervalSample>(count);
        for (var i = 0; i < count; i++)
        {
            time = sorted ? time + random.Next(3) * 0.1 : RandomTime(random);
            var values = Enumerable.Range(0, random.Next(0, 6))
                .Select(_ => random.Next(5) == 0 ? (double?)null : RandomCount(random)).ToArray();
            series.Add(new IntervalSample(time, values));
        }
        return series;
    }

    private static double RandomTime(Random random) => random.Next(12) switch
    {
        0 => double.NaN,
        1 => double.NegativeInfinity,
        2 => double.PositiveInfinity,
        3 => -1,
        _ => random.NextDouble() * 300,
    };

    /// <summary>What holds for any parsed line, whatever the input: the parser only hands out lines it fully understood.</summary>
    private static void AssertWellFormed(List<PerfStatLine> lines, bool intervalMode, string context)
    {
        foreach (var line in lines)
        {
            Assert.False(string.IsNullOrEmpty(line.Event), context);
            Assert.NotNull(line.Unit);
            Assert.NotNull(line.MetricUnit);
            Assert.Equal(line.State == CountState.Counted, line.Value is not null);
            Assert.True(Enum.IsDefined(line.State), context);
            if (!intervalMode)
            {
                Assert.Null(line.Time);
                Assert.False(line.IsSummary, context);
            }
            else
            {
                // an interval line has a time, a --summary line has none
                Assert.NotEqual(line.IsSummary, line.Time is not null);
            }
        }
    }

    /// <summary>Builds the run's result and its chart series from parsed lines and checks what must hold of them.</summary>
    private static void CheckResult(List<PerfStatLine> lines, Random random, string context)
    {
        double? elapsed = random.Next(5) switch
        {
            0 => null,
            1 => 0,
            2 => double.NaN,
            _ => random.NextDouble() * 10,
        };
        var result = StatResult.From(lines, elapsed);
        var intervalLines = lines.Where(l => l.Time is not null).ToList();
        if (intervalLines.Count == 0)
        {
            Assert.Empty(result.Intervals);
            Assert.True(result.Events.Count <= lines.Count, context);
        }
        else
        {
            CheckIntervalResult(result, intervalLines, lines.Where(l => l.IsSummary).ToList(), context);
        }
        foreach (var summary in result.Events)
        {
            Assert.Equal(summary.State == CountState.Counted, summary.Total is not null);
            if (summary.RatePerSecond is not null)
            {
                Assert.NotNull(summary.Total);
            }
        }
        var (series, _) = SeriesDownsampler.Downsample(result.Intervals, result.Events.Count, null, null, random.Next(1, 50));
        Assert.Equal(result.Events.Count, series.Count);
    }

    private static void CheckIntervalResult(StatResult result, List<PerfStatLine> intervalLines, List<PerfStatLine> summaryLines,
        string context)
    {
        Assert.NotEmpty(result.Intervals);
        Assert.Equal(intervalLines.Select(l => l.Event).Distinct(), result.Events.Select(e => e.Event));
        Assert.All(result.Intervals, s => Assert.True(s.Values.Count <= result.Events.Count, context));
        var monotonic = intervalLines.Zip(intervalLines.Skip(1)).All(p => p.First.Time <= p.Second.Time);
        if (monotonic)
        {
            for (var i = 1; i < result.Intervals.Count; i++)
            {
                Assert.True(result.Intervals[i - 1].Time <= result.Intervals[i].Time, $"{context}: interval {i} goes back in time");
            }
        }
        foreach (var summary in result.Events)
        {
            var counted = intervalLines.Where(l => l.Event == summary.Event && l.State == CountState.Counted).ToList();
            if (counted.Count == 0)
            {
                Assert.Null(summary.Total);
                continue;
            }
            // the total is what perf's --summary line says, else the sum of what was counted: nothing invented, nothing lost
            var fedSummary = summaryLines.FirstOrDefault(l => l.Event == summary.Event)?.Value;
            var fed = counted.Select(l => l.Value!.Value).ToList();
            Assert.Equal(fedSummary ?? fed.Sum(), summary.Total);
            var fedFinite = fedSummary is not { } fedTotal || double.IsFinite(fedTotal);
            if (fedFinite && fed.All(double.IsFinite) && double.IsFinite(fed.Sum(Math.Abs)))
            {
                Assert.True(double.IsFinite(summary.Total!.Value), $"{context}: {summary.Event} total {summary.Total} from finite counts");
            }
            var sane = counted.All(l => l.PercentRunning is null or >= 0 and <= 100 && l.RunTimeNs is null or >= 0);
            if (sane)
            {
                Assert.InRange(summary.PercentRunning!.Value, 0 - 1e-9, 100 + 1e-9);
            }
        }
    }
}
