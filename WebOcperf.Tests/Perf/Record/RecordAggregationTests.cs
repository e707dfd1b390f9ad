using System.Globalization;
using System.Text;
using System.Text.Json;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf.Record;

public sealed class RecordAggregationTests : IDisposable
{
    private readonly RecordTestSupport _support = new();

    public void Dispose() => _support.Dispose();

    /// <summary>One sample in perf script's call-chain form; frames are given leaf first, as perf prints them.</summary>
    private static string Sample(double seconds, string frames, string comm = "app", int pid = 100, int tid = 100,
        long period = 1000, string eventName = "task-clock")
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{comm} {pid,5}/{tid,-5} {seconds,15:F9}: {period,10} {eventName}: \n"));
        foreach (var frame in frames.Split(' '))
        {
            text.Append("\t    4000 ").Append(frame).Append(" (/bin/app)\n");
        }
        return text.Append('\n').ToString();
    }

    [Fact]
    public void Self_and_total_count_a_recursive_function_once_per_sample()
    {
        var profile = _support.ParseText(
            Sample(1.0, "c a b a main") +
            Sample(1.1, "a main") +
            Sample(1.2, "main"));

        var functions = profile.Select(0).TopFunctions().ToDictionary(f => f.Symbol);

        Assert.Equal((1L, 2L), (functions["a"].Self, functions["a"].Total));
        Assert.Equal((1L, 1L), (functions["c"].Self, functions["c"].Total));
        Assert.Equal((0L, 1L), (functions["b"].Self, functions["b"].Total));
        Assert.Equal((1L, 3L), (functions["main"].Self, functions["main"].Total));
        Assert.Equal(2.0 / 3, functions["a"].TotalShare, 12);
        // Equal self weights are ordered by total weight.
        Assert.Equal(["main", "a", "c", "b"], profile.Select(0).TopFunctions().Select(f => f.Symbol));
        Assert.Equal(["main", "a"], profile.Select(0).TopFunctions(limit: 2, orderByTotal: true).Select(f => f.Symbol));
    }

    [Fact]
    public void Folded_stacks_are_root_first_per_comm_and_weighted_by_samples_or_period()
    {
        var profile = _support.ParseText(
            Sample(1.0, "leaf mid main", period: 10) +
            Sample(1.1, "leaf mid main", period: 30) +
            Sample(1.2, "[unknown] main", comm: "my prog", pid: 7, tid: 8, period: 5));

        var selection = profile.Select(0);

        Assert.Equal("app;main;mid;leaf 2\nmy prog;main;[app] 1\n", selection.Folded());
        Assert.Equal("app;main;mid;leaf 40\nmy prog;main;[app] 5\n", selection.Folded(SampleWeight.Period));
    }

    [Fact]
    public void Breakdowns_per_comm_thread_process_and_dso()
    {
        var profile = _support.ParseText(
            Sample(1.0, "f", comm: "main", pid: 1, tid: 1) +
            Sample(1.1, "f", comm: "worker", pid: 1, tid: 2) +
            Sample(1.2, "f", comm: "worker", pid: 1, tid: 2) +
            Sample(1.3, "g", comm: "other", pid: 3, tid: 3));

        var selection = profile.Select(0);

        Assert.Equal([("worker", 2L), ("main", 1L), ("other", 1L)], selection.ByComm().Select(c => (c.Name, c.Weight)));
        Assert.Equal([("worker", 1, 2, 2L), ("main", 1, 1, 1L), ("other", 3, 3, 1L)],
            selection.ByThread().Select(t => (t.Comm, t.Pid, t.Tid, t.Weight)));
        Assert.Equal([("main", 1, 3L), ("other", 3, 1L)], selection.ByProcess().Select(p => (p.Comm, p.Pid, p.Weight)));
        Assert.Equal([("/bin/app", 4L, 1.0)], selection.ByDso().Select(d => (d.Name, d.Weight, d.Share)));
    }

    [Fact]
    public void Histogram_buckets_cover_the_recording_and_can_be_rebucketed_and_ranged()
    {
        // 1000 samples 1 ms apart over ~1 s, plus a second event on every tenth.
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            text.Append(Sample(100 + i * 0.001, "f", period: i));
            if (i % 10 == 0)
            {
                text.Append(Sample(100 + i * 0.001, "f", eventName: "page-faults", period: 1));
            }
        }
        var profile = _support.ParseText(text.ToString());
        var clock = profile.EventIndex("task-clock");

        var whole = profile.Histogram(clock, targetBuckets: 500);
        Assert.Equal(1000, whole.Samples.Sum());
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => (long)i), whole.Periods.Sum());
        Assert.InRange(whole.Samples.Length, 250, 500);
        Assert.Equal(0, whole.StartSeconds);
        Assert.Equal(100, profile.Histogram(profile.EventIndex("page-faults")).Samples.Sum());

        var coarse = profile.Histogram(clock, targetBuckets: 10);
        Assert.InRange(coarse.Samples.Length, 5, 10);
        Assert.Equal(1000, coarse.Samples.Sum());
        // A bucket of width w starting at k·w holds the samples at whole milliseconds in it.
        for (var bucket = 0; bucket < coarse.Samples.Length; bucket++)
        {
            var start = coarse.StartSeconds + bucket * coarse.BucketSeconds;
            var expected = Enumerable.Range(0, 1000).Count(i => i * 0.001 >= start - 1e-9 && i * 0.001 < start + coarse.BucketSeconds - 1e-9);
            Assert.Equal(expected, coarse.Samples[bucket]);
        }

        // A 20 ms range still fits the in-memory buckets: aligned buckets that cover the range.
        var ranged = profile.Histogram(clock, new TimeRange(0.1, 0.12), targetBuckets: 20);
        var rangedEnd = ranged.StartSeconds + ranged.Samples.Length * ranged.BucketSeconds;
        Assert.True(ranged.StartSeconds <= 0.1 && rangedEnd >= 0.12);
        Assert.InRange(ranged.Samples.Length, 10, 20);
        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i * 0.001 >= ranged.StartSeconds - 1e-9 && i * 0.001 < rangedEnd - 1e-9),
            ranged.Samples.Sum());

        // A 2 ms range is finer than the in-memory buckets: it is read from the sample log, starting exactly at 0.1 s.
        var zoomed = profile.Histogram(clock, new TimeRange(0.1, 0.102), targetBuckets: 20);
        Assert.Equal(0.1, zoomed.StartSeconds, 9);
        Assert.Equal(0.0001, zoomed.BucketSeconds, 9);
        Assert.Equal(20, zoomed.Samples.Length);
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1L, 0, 0, 0, 0, 0, 0, 0, 0, 0], zoomed.Samples);
        Assert.Equal(100 + 101, zoomed.Periods.Sum());
    }

    [Fact]
    public void Time_range_selects_only_samples_inside_it()
    {
        var profile = _support.ParseText(
            Sample(10.0, "early main") +
            Sample(10.5, "middle main") +
            Sample(10.6, "middle main", tid: 101) +
            Sample(11.0, "late main"));

        var range = profile.Select(0, new TimeRange(0.4, 0.9));

        Assert.Equal(2, range.Samples);
        Assert.Equal(["middle", "main"], range.TopFunctions().Select(f => f.Symbol));
        Assert.Equal("app;main;middle 2\n", range.Folded());
        Assert.Equal(2, range.ByThread().Count);
        Assert.Equal(2, range.FlameGraph().Root.Value);
        Assert.Equal(0, profile.Select(0, new TimeRange(0.1, 0.2)).Samples);
        Assert.Equal(4, profile.Select(0, new TimeRange(0, 5)).Samples);
        Assert.Equal(1.0, profile.DurationSeconds, 9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Time_ranges_over_a_long_log_match_a_brute_force_count(bool withOneSampleOutOfOrder)
    {
        // 20 000 one-line samples 50 µs apart span several sample-log checkpoints.
        var times = Enumerable.Range(0, 20_000).Select(i => 5.0 + i * 0.00005).ToList();
        if (withOneSampleOutOfOrder)
        {
            times[15_000] = 5.0001;
        }
        var text = new StringBuilder();
        foreach (var (time, index) in times.Select((time, index) => (time, index)))
        {
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{"app",16} {100,5}/{100,-5} {time,15:F9}: {index,10} task-clock:  4000 f{index % 7} (/bin/app)\n"));
        }
        var profile = _support.ParseText(text.ToString());
        var random = new Random(7);

        for (var i = 0; i < 20; i++)
        {
            var start = random.NextDouble();
            var end = start + random.NextDouble() * (i % 2 == 0 ? 0.01 : 0.5);
            var expected = times.Count(time => time - 5.0 >= start - 1e-10 && time - 5.0 < end - 1e-10);

            var selection = profile.Select(0, new TimeRange(start, end));

            Assert.Equal(expected, selection.Samples);
        }
    }

    [Fact]
    public void Flame_graph_trims_light_subtrees_and_reports_what_was_cut()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 96; i++)
        {
            text.Append(Sample(1 + i * 0.001, "hot main"));
        }
        text.Append(Sample(2.0, "rare1 cold main"));
        text.Append(Sample(2.1, "rare2 cold main"));
        text.Append(Sample(2.2, "tiny main"));
        text.Append(Sample(2.3, "main"));
        var profile = _support.ParseText(text.ToString());

        var untrimmed = profile.Select(0).FlameGraph(minShare: 0);
        Assert.Equal(0, untrimmed.TrimmedNodes);
        var main = Assert.Single(Assert.Single(untrimmed.Root.Children).Children);
        Assert.Equal(("main", "/bin/app", 100L, 1L), (main.Name, main.Dso, main.Value, main.Self));
        Assert.Equal(["cold", "hot", "tiny"], main.Children.Select(c => c.Name));

        var trimmed = profile.Select(0).FlameGraph(minShare: 0.015);
        // cold (2) stays, its children rare1 and rare2 (1 each) go, and so does tiny (1).
        Assert.Equal(3, trimmed.TrimmedNodes);
        Assert.Equal(3, trimmed.TrimmedWeight);
        Assert.Equal(0.03, trimmed.TrimmedShare, 12);
        var trimmedMain = trimmed.Root.Children[0].Children[0];
        Assert.Equal(["cold", "hot"], trimmedMain.Children.Select(c => c.Name));
        Assert.Empty(trimmedMain.Children[0].Children);
        Assert.Equal(100, trimmedMain.Value);

        using var json = JsonDocument.Parse(trimmed.ToJson());
        Assert.Equal(3, json.RootElement.GetProperty("trimmedNodes").GetInt32());
        var jsonRoot = json.RootElement.GetProperty("root");
        Assert.Equal(("all", 100), (jsonRoot.GetProperty("name").GetString(), jsonRoot.GetProperty("value").GetInt64()));
        var jsonComm = jsonRoot.GetProperty("children")[0];
        Assert.Equal("app", jsonComm.GetProperty("name").GetString());
        Assert.Equal("/bin/app", jsonComm.GetProperty("children")[0].GetProperty("dso").GetString());
    }

    [Fact]
    public void Cache_round_trip_gives_the_same_answers()
    {
        var profile = _support.ParseGolden("two-events-callchain.txt");
        var cachePath = Path.Combine(_support.TempDirectory, "perf.data.webocperf-profile");

        profile.Save(cachePath);
        var loaded = RecordProfile.TryLoad(cachePath);

        Assert.NotNull(loaded);
        Assert.Equal(profile.Events, loaded.Events);
        Assert.Equal((profile.SampleCount, profile.SkippedLines, profile.OriginNs, profile.DurationNs),
            (loaded.SampleCount, loaded.SkippedLines, loaded.OriginNs, loaded.DurationNs));
        Assert.Equal(profile.SampleLogPath, loaded.SampleLogPath);
        for (var eventId = 0; eventId < profile.Events.Count; eventId++)
        {
            Assert.Equal(profile.Select(eventId).Folded(SampleWeight.Period), loaded.Select(eventId).Folded(SampleWeight.Period));
            Assert.Equal(profile.Select(eventId).TopFunctions(), loaded.Select(eventId).TopFunctions());
            Assert.Equal(profile.Select(eventId).ByThread(), loaded.Select(eventId).ByThread());
            Assert.Equal(profile.Select(eventId).FlameGraph().ToJson(), loaded.Select(eventId).FlameGraph().ToJson());
            var range = new TimeRange(0.02, 0.09);
            Assert.Equal(profile.Select(eventId, range).Folded(), loaded.Select(eventId, range).Folded());
            Assert.Equal(profile.Histogram(eventId).Samples, loaded.Histogram(eventId).Samples);
            Assert.Equal(profile.Histogram(eventId, range, 7).Samples, loaded.Histogram(eventId, range, 7).Samples);
        }
    }

    [Fact]
    public void A_cache_of_another_version_or_without_its_sample_log_is_not_used()
    {
        var profile = _support.ParseText(Sample(1, "main"));
        var cachePath = Path.Combine(_support.TempDirectory, "p.webocperf-profile");
        profile.Save(cachePath);

        var bytes = File.ReadAllBytes(cachePath);
        BitConverter.GetBytes(RecordProfile.FormatVersion + 1).CopyTo(bytes, 8);
        var otherVersion = Path.Combine(_support.TempDirectory, "other.webocperf-profile");
        File.WriteAllBytes(otherVersion, bytes);
        Assert.Null(RecordProfile.TryLoad(otherVersion));
        Assert.Throws<InvalidDataException>(() => RecordProfile.Load(otherVersion));

        // Version 1 named unsymbolized frames [unknown]: its caches must be ingested again, not reused.
        BitConverter.GetBytes(1).CopyTo(bytes, 8);
        var versionOne = Path.Combine(_support.TempDirectory, "v1.webocperf-profile");
        File.WriteAllBytes(versionOne, bytes);
        Assert.Null(RecordProfile.TryLoad(versionOne));

        var truncated = Path.Combine(_support.TempDirectory, "truncated.webocperf-profile");
        File.WriteAllBytes(truncated, File.ReadAllBytes(cachePath)[..40]);
        Assert.Null(RecordProfile.TryLoad(truncated));

        Assert.Null(RecordProfile.TryLoad(Path.Combine(_support.TempDirectory, "missing")));
        File.Delete(profile.SampleLogPath);
        Assert.Null(RecordProfile.TryLoad(cachePath));
    }

    [Fact]
    public void Empty_input_gives_an_empty_profile()
    {
        var profile = _support.ParseText("");

        Assert.Equal(0, profile.SampleCount);
        Assert.Empty(profile.Events);
        Assert.Throws<ArgumentOutOfRangeException>(() => profile.Select(0));
    }
}
