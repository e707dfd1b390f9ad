using Microsoft.EntityFrameworkCore;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Perf.Compare;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Compare;

/// <summary>One run of a comparison and the settings in which it differs from the base.</summary>
/// <param name="SeriesRepetition">
/// The repetition whose intervals stand for a repeated stat run in the chart of the runs' series: the one of median wall
/// time. Null for a run of one invocation.
/// </param>
public sealed record ComparedRun(Benchmark Benchmark, string SessionTitle, IReadOnlyList<string> Differences,
    IReadOnlyList<string> MachineDifferences, int? SeriesRepetition = null)
{
    public string Label => string.IsNullOrWhiteSpace(Benchmark.Description) ? Benchmark.Workload : Benchmark.Description;

    /// <summary>Where the chart of the runs' series loads this run's intervals.</summary>
    public string SeriesUrl => $"/benchmarks/{Benchmark.Id}/series" +
        (SeriesRepetition is { } k ? "?" + RepetitionKey.Measured(k).Query : "");

    public bool Differs(string setting) => Differences.Contains(setting);
}

/// <summary>The recordings' side of a comparison: the event compared, the tables, and the differential stacks.</summary>
public sealed record RecordComparison(
    string Event,
    IReadOnlyList<string> Events,
    ProfileComparison Tables,
    long BaseSamples,
    IReadOnlyList<long> OtherSamples,
    IReadOnlyList<(string Stack, long Base, long Other)> DifferentialStacks);

/// <summary>A comparison ready to show: the runs, and the stat or the record side.</summary>
public sealed record Comparison(CompareQuery Query, ComparedRun Base, IReadOnlyList<ComparedRun> Others, PerfTool Tool,
    StatComparison? Stat, RecordComparison? Record)
{
    public IEnumerable<ComparedRun> Runs => Others.Prepend(Base);

    public ComparedRun DiffRun => Others[Query.DiffIndex];

    /// <summary>
    /// The machine settings (kernel, perf version, CPU, governor) in which any run differs from the base: a reader
    /// must know this before reading any number.
    /// </summary>
    public IReadOnlyList<string> MachineDifferences => [.. Others.SelectMany(o => o.MachineDifferences).Distinct()];
}

/// <summary>Why a comparison cannot be made, with the status and the query parameter to name.</summary>
public sealed record ComparisonProblem(int StatusCode, string Field, string Message);

/// <summary>Loads the runs a <see cref="CompareQuery"/> names and compares them.</summary>
public sealed class Comparisons(WebOcperfDb db, BenchmarkResults results)
{
    /// <summary>
    /// The machine of a run against the base's: another host first (runs of two machines side by side are the point of
    /// comparing hosts, but the reader must know), then what the machine contexts say (kernel, perf, CPU, governor).
    /// </summary>
    private static IReadOnlyList<string> MachineDifferencesBetween(Benchmark baseBenchmark, Benchmark other)
    {
        var differences = new List<string>();
        if (!string.Equals(baseBenchmark.HostName, other.HostName, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(HostDifference);
        }
        if (other.Context is { } context && baseBenchmark.Context is { } baseContext)
        {
            differences.AddRange(context.DifferencesFrom(baseContext));
        }
        return differences;
    }

    /// <summary>The name of the host among the machine differences.</summary>
    public const string HostDifference = "host";

    public async Task<(Comparison? Comparison, ComparisonProblem? Problem)> CompareAsync(CompareQuery query,
        CancellationToken cancellationToken)
    {
        var ids = query.WithIds.Prepend(query.BaseId).ToList();
        var found = await db.Benchmarks.AsNoTracking().Include(b => b.Session).Include(b => b.Repetitions)
            .Where(b => ids.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, cancellationToken);
        foreach (var id in ids)
        {
            if (!found.ContainsKey(id))
            {
                return (null, new ComparisonProblem(StatusCodes.Status404NotFound, id == query.BaseId ? "base" : "with",
                    $"There is no benchmark {id}."));
            }
        }
        var baseBenchmark = found[query.BaseId];
        foreach (var id in ids)
        {
            var benchmark = found[id];
            var field = id == query.BaseId ? "base" : "with";
            if (!benchmark.IsFinished)
            {
                return (null, new ComparisonProblem(StatusCodes.Status409Conflict, field,
                    $"Benchmark {id} is {benchmark.Status.ToString().ToLowerInvariant()}; compare it when it has finished."));
            }
            if (benchmark.Tool != baseBenchmark.Tool)
            {
                return (null, new ComparisonProblem(StatusCodes.Status400BadRequest, "with",
                    $"Benchmark {id} is a perf {Name(benchmark.Tool)} run and the base a perf {Name(baseBenchmark.Tool)} run: " +
                    "counts and samples cannot be compared. Compare stat runs with stat runs and recordings with recordings."));
            }
        }

        var baseRun = new ComparedRun(baseBenchmark, baseBenchmark.Session?.Title ?? "", [], []);
        var others = query.WithIds.Select(id => found[id])
            .Select(b => new ComparedRun(b, b.Session?.Title ?? "", BenchmarkDifferences.Between(baseBenchmark, b),
                MachineDifferencesBetween(baseBenchmark, b)))
            .ToList();
        if (baseBenchmark.Tool == PerfTool.Stat)
        {
            var repeated = others.Prepend(baseRun).Select(run => results.LoadRepeated(run.Benchmark)).ToList();
            var stat = StatComparison.Compare(StatSideOf(baseBenchmark, repeated[0]),
                others.Select((o, i) => StatSideOf(o.Benchmark, repeated[i + 1])).ToList(), query.ThresholdPercent);
            ComparedRun WithSeries(ComparedRun run, RepeatedStatResult result) =>
                run.Benchmark.IsRepeated ? run with { SeriesRepetition = result.MedianWallTimeRepetition } : run;
            return (new Comparison(query, WithSeries(baseRun, repeated[0]), others.Select((o, i) => WithSeries(o, repeated[i + 1])).ToList(),
                PerfTool.Stat, stat, null), null);
        }

        var (record, problem) = await CompareRecordingsAsync(query, baseBenchmark, others.Select(o => o.Benchmark).ToList(), cancellationToken);
        return problem is not null ? (null, problem) : (new Comparison(query, baseRun, others, PerfTool.Record, null, record), null);
    }

    /// <summary>
    /// A perf stat run as the comparison sees it: per event the mean, standard deviation and count of its measured
    /// repetitions (one value for a single run), and the same for its wall time.
    /// </summary>
    private static StatSide StatSideOf(Benchmark benchmark, RepeatedStatResult repeated)
    {
        var names = BenchmarkResults.DisplayNames(benchmark, repeated.Events.Select(e => e.Event).ToList());
        var events = repeated.Events.Select((e, i) => new StatMeasure(names[i], e.Unit, SummaryOf(e), MeanRate(e))).ToList();
        var wall = SummaryOf(repeated.WallTime) is { } wallSummary
            ? new StatMeasure(WallTimeName, "s", wallSummary, null)
            : null;
        return new StatSide(events, wall);
    }

    private static SampleSummary? SummaryOf(RepeatedEvent measured) =>
        measured.Stats is { } stats ? new SampleSummary(stats.N, stats.Mean, stats.StandardDeviation) : null;

    private static double? MeanRate(RepeatedEvent measured)
    {
        var rates = measured.Rates.Where(r => r is not null).Select(r => r!.Value).ToList();
        return rates.Count == 0 ? null : rates.Average();
    }

    public const string WallTimeName = "wall time";

    private async Task<(RecordComparison? Record, ComparisonProblem? Problem)> CompareRecordingsAsync(CompareQuery query,
        Benchmark baseBenchmark, IReadOnlyList<Benchmark> others, CancellationToken cancellationToken)
    {
        var profiles = new List<RecordProfile>();
        foreach (var benchmark in others.Prepend(baseBenchmark))
        {
            var profile = await results.LoadProfileAsync(benchmark, cancellationToken);
            if (profile is null)
            {
                return (null, new ComparisonProblem(StatusCodes.Status400BadRequest, benchmark == baseBenchmark ? "base" : "with",
                    $"Benchmark {benchmark.Id} left no samples to compare (perf.data is missing, empty or unreadable)."));
            }
            profiles.Add(profile);
        }
        var eventName = query.Event ?? profiles[0].Events[0];
        var selections = new List<RecordSelection>();
        for (var i = 0; i < profiles.Count; i++)
        {
            var eventId = profiles[i].EventIndex(eventName);
            if (eventId < 0)
            {
                var benchmark = i == 0 ? baseBenchmark : others[i - 1];
                return (null, new ComparisonProblem(StatusCodes.Status400BadRequest, "event",
                    $"Benchmark {benchmark.Id} did not record '{WebOcperf.Perf.TextPreview.Shorten(eventName)}'; it recorded " +
                    string.Join(", ", profiles[i].Events) + "."));
            }
            selections.Add(profiles[i].Select(eventId, i == 0 ? query.BaseRange : query.WithRange));
        }
        var tables = ProfileComparison.Compare(selections[0], selections.Skip(1).ToList());
        var differential = DifferentialProfile.Merge(selections[0].FoldedStacks(), selections[1 + query.DiffIndex].FoldedStacks());
        return (new RecordComparison(eventName, profiles[0].Events, tables, selections[0].Samples,
            selections.Skip(1).Select(s => s.Samples).ToList(), differential), null);
    }

    private static string Name(PerfTool tool) => tool.ToString().ToLowerInvariant();
}
