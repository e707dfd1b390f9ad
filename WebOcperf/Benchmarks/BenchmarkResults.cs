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
            var profile = await ingestion.LoadOrIngestAsync(benchmark.Id, benchmark.CallGraph != CallGraphMode.None, cancellationToken);
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

    public StatResult LoadStat(Benchmark benchmark)
    {
        if (!benchmark.IsFinished)
        {
            return Parse(benchmark);
        }
        return cache.GetOrCreate(("stat", benchmark.Id, benchmark.FinishedAt), entry =>
        {
            var result = Parse(benchmark);
            // a cached result costs about one unit per interval: keep a one-hour -I 100 run among others
            entry.Size = 1 + result.Intervals.Count;
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return result;
        })!;
    }

    /// <summary>
    /// The names to show for perf's event names: the user's own names when perf printed one line per requested event
    /// (perf appends modifiers such as <c>:u</c>, and resolved Intel events print their raw form), else perf's names.
    /// </summary>
    public static IReadOnlyList<string> DisplayNames(Benchmark benchmark, IReadOnlyList<string> perfNames) =>
        benchmark.Events.Count == perfNames.Count && perfNames.Count > 0 ? benchmark.Events : perfNames;

    private StatResult Parse(Benchmark benchmark)
    {
        var path = files.StatCsv(benchmark.Id);
        if (!File.Exists(path))
        {
            return StatResult.Empty;
        }
        // line by line: a one-hour -I 100 run's file is tens of MB, and neither it nor its parsed lines need to be in
        // memory at once
        return StatResultBuilder.FromFile(path, benchmark.IntervalMs is > 0, benchmark.Elapsed(DateTime.UtcNow)?.TotalSeconds);
    }
}
