using Microsoft.Extensions.Caching.Memory;
using WebOcperf.Data;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

/// <summary>
/// Reads a benchmark's parsed results from its raw perf file. Finished results never change, so they are parsed once
/// and kept in a size-bounded cache; a running benchmark's file is read as it is now.
/// </summary>
public sealed class BenchmarkResults(BenchmarkFiles files, IMemoryCache cache, RecordIngestion ingestion)
{
    /// <summary>
    /// A finished recording's profile: from memory, else from its cache file, else by running perf script once.
    /// Null for perf stat runs, for runs still going and for runs that left no perf.data.
    /// </summary>
    public async Task<RecordProfile?> LoadProfileAsync(Benchmark benchmark, CancellationToken cancellationToken)
    {
        if (benchmark.Tool != PerfTool.Record || !benchmark.IsFinished || !File.Exists(files.PerfData(benchmark.Id)))
        {
            return null;
        }
        var key = ("profile", benchmark.Id, benchmark.FinishedAt);
        if (cache.TryGetValue(key, out RecordProfile? cached))
        {
            return cached;
        }
        try
        {
            var profile = await ingestion.LoadOrIngestAsync(benchmark.Id, benchmark.CallGraph != CallGraphMode.None, cancellationToken, benchmark.Host);
            if (profile.Events.Count == 0)
            {
                // perf.data with a header and no sample (the workload did not start): nothing to show or aggregate
                return null;
            }
            // the profile holds distinct stacks and frames, not samples: a few thousand units at most
            cache.Set(key, profile, new MemoryCacheEntryOptions { Size = 1 + profile.StackCount + profile.FrameCount, SlidingExpiration = TimeSpan.FromMinutes(30) });
            return profile;
        }
        catch (RecordIngestionException)
        {
            // remember the failure for a while, so that every page view does not run perf script again
            cache.Set(key, (RecordProfile?)null, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            return null;
        }
    }

    /// <summary>
    /// One perf invocation's parsed result: <paramref name="key"/>'s, else the benchmark's default (the plain run, or
    /// the first measured repetition). Per-second rates use that invocation's own duration.
    /// </summary>
    public StatResult LoadStat(Benchmark benchmark, RepetitionKey? key = null)
    {
        var chosen = key ?? benchmark.DefaultRepetition;
        var repetition = benchmark.FindRepetition(chosen);
        var finished = benchmark.IsFinished || repetition is { FinishedAt: not null };
        if (!finished)
        {
            return Parse(benchmark, chosen, repetition);
        }
        return cache.GetOrCreate(("stat", benchmark.Id, benchmark.FinishedAt, chosen), entry =>
        {
            var result = Parse(benchmark, chosen, repetition);
            // a cached result costs about one unit per interval: keep a one-hour -I 100 run among others
            entry.Size = 1 + result.Intervals.Count;
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return result;
        })!;
    }

    /// <summary>
    /// The per-repetition values and statistics of the measured repetitions (warm-ups left out), per event and for the
    /// wall time; a plain run is one repetition. This is what comparisons of two benchmarks are built on:
    /// <see cref="RepeatedEvent.Values"/> holds each repetition's total, <see cref="RepeatedStatResult.WallTime"/> each
    /// repetition's wall seconds. Needs the benchmark loaded with its <see cref="Benchmark.Repetitions"/>.
    /// </summary>
    public RepeatedStatResult LoadRepeated(Benchmark benchmark)
    {
        if (benchmark.Tool != PerfTool.Stat)
        {
            return RepeatedStatResult.Empty;
        }
        var measured = benchmark.Repetitions.Where(r => !r.Warmup).OrderBy(r => r.Index).ToList();
        if (measured.Count == 0)
        {
            if (benchmark.IsRepeated || benchmark.Status is not (BenchmarkStatus.Succeeded or BenchmarkStatus.Failed or BenchmarkStatus.Cancelled))
            {
                return RepeatedStatResult.Empty;
            }
            // a plain run from before repetitions were recorded: the run itself is the one repetition
            return RepeatedStatResult.From([new MeasuredRepetition(1, LoadStat(benchmark),
                benchmark.Elapsed(DateTime.UtcNow)?.TotalSeconds, benchmark.Status == BenchmarkStatus.Succeeded)]);
        }
        return RepeatedStatResult.From(measured.Select(r => new MeasuredRepetition(r.Index,
            LoadStat(benchmark, RepetitionKey.Of(r)), r.WallSeconds, r.IsMeasured)).ToList());
    }

    /// <summary>Every perf invocation's own result (warm-ups first, then the repetitions) and the statistics over them.</summary>
    public RepetitionResults LoadRepetitionResults(Benchmark benchmark)
    {
        var runs = benchmark.Repetitions.OrderBy(r => r.Warmup ? 0 : 1).ThenBy(r => r.Index)
            .Select(r => new RepetitionRun(r, LoadStat(benchmark, RepetitionKey.Of(r)))).ToList();
        return new RepetitionResults(LoadRepeated(benchmark), runs);
    }

    /// <summary>
    /// The names to show for perf's event names: the user's own names when perf printed one line per requested event
    /// (perf appends modifiers such as <c>:u</c>, and resolved Intel events print their raw form), else perf's names.
    /// </summary>
    public static IReadOnlyList<string> DisplayNames(Benchmark benchmark, IReadOnlyList<string> perfNames) =>
        benchmark.Events.Count == perfNames.Count && perfNames.Count > 0 ? benchmark.Events : perfNames;

    private StatResult Parse(Benchmark benchmark, RepetitionKey key, BenchmarkRepetition? repetition)
    {
        var path = files.InvocationOf(benchmark, key).StatCsv;
        if (!File.Exists(path))
        {
            return StatResult.Empty;
        }
        // line by line: a one-hour -I 100 run's file is tens of MB, and neither it nor its parsed lines need to be in
        // memory at once
        var elapsed = repetition is not null
            ? repetition.WallSeconds ?? (DateTime.UtcNow - repetition.StartedAt)?.TotalSeconds
            : benchmark.Elapsed(DateTime.UtcNow)?.TotalSeconds;
        return StatResultBuilder.FromFile(path, benchmark.IntervalMs is > 0, elapsed);
    }
}

/// <summary>One perf invocation of a benchmark and its parsed result.</summary>
public sealed record RepetitionRun(BenchmarkRepetition Repetition, StatResult Result);

/// <summary>A benchmark's invocations in the order they ran, and the statistics over its measured repetitions.</summary>
public sealed record RepetitionResults(RepeatedStatResult Stats, IReadOnlyList<RepetitionRun> Runs)
{
    public RepeatedEvent? StatsOf(string perfEvent) => Stats.Events.FirstOrDefault(e => e.Event == perfEvent);
}
