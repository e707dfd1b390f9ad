using WebOcperf.Data;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Benchmarks;

/// <summary>The body of <c>POST /api/v1/session/{id}</c>.</summary>
public sealed record CreateBenchmarkDto(
    string? Description,
    string? Workload,
    Dictionary<string, string>? Env,
    List<string>? Events,
    int? Interval,
    PerfTool? Tool,
    bool? Streaming,
    int? Frequency,
    long? Period,
    string? CallGraph,
    int? Repeat = null,
    int? Warmup = null,
    string? Prepare = null,
    string? Host = null);

public sealed record EventResultDto(
    string Event,
    string PerfEvent,
    string Unit,
    double? Total,
    double? PercentRunning,
    double? RatePerSecond,
    bool Supported,
    bool Counted,
    StatsDto? Stats = null);

/// <summary>
/// An event (or the wall time) over the measured repetitions: the standard deviation divides by n − 1, the standard
/// error is of the mean, the coefficient of variation is a fraction; <c>excluded</c> repetitions were not counted
/// (<c>&lt;not counted&gt;</c>, <c>&lt;not supported&gt;</c>, stopped); <c>outliers</c> are repetition indexes, still
/// included in the numbers.
/// </summary>
public sealed record StatsDto(int N, double? Mean, double? Stddev, double? Stderr, double? Median, double? Min, double? Max,
    double? Cv, IReadOnlyList<int> Outliers, int Excluded)
{
    public static StatsDto From(RepeatedEvent repeated) => repeated.Stats is { } s
        ? new StatsDto(s.N, s.Mean, s.StandardDeviation, s.StandardError, s.Median, s.Min, s.Max, s.CoefficientOfVariation,
            repeated.Outliers, repeated.Excluded)
        : new StatsDto(0, null, null, null, null, null, null, null, [], repeated.Excluded);
}

public sealed record WallTimeDto(StatsDto Stats);

/// <summary>One perf invocation: a warm-up or a measured repetition, with its own event totals.</summary>
public sealed record RepetitionDto(int Index, bool Warmup, BenchmarkStatus Status, int? PerfExitCode, int? WorkloadExitCode,
    DateTime? StartedAt, DateTime? FinishedAt, double? WallSeconds, string? Error, IReadOnlyList<EventResultDto> Events);

/// <summary>The machine's conditions when the benchmark started; <c>loadAverage</c> is [1, 5, 15 minutes].</summary>
public sealed record ContextDto(string? Kernel, string? PerfVersion, string? CpuModel, int? OnlineCpus, string? Governor,
    IReadOnlyList<double?> LoadAverage)
{
    public static ContextDto? From(MachineContext? context) => context is null ? null : new ContextDto(context.KernelRelease,
        context.PerfVersion, context.CpuModel, context.OnlineCpus, context.Governor,
        [context.LoadAverage1, context.LoadAverage5, context.LoadAverage15]);
}

public sealed record IntervalDto(double Time, Dictionary<string, double?> Values);

/// <param name="Events">Per event; with several repetitions <c>total</c> and <c>ratePerSecond</c> are their means.</param>
/// <param name="Intervals">The first measured repetition's intervals (<c>?repetition=k</c> on the CSV for another).</param>
public sealed record ResultsDto(IReadOnlyList<EventResultDto> Events, IReadOnlyList<IntervalDto> Intervals,
    WallTimeDto? WallTime = null);

public sealed record BenchmarkLinksDto(string Self, string Page, string Html, string Csv, string Raw, string Log, string Stream);

public sealed record BenchmarkDto(
    Guid Id,
    Guid SessionId,
    string Description,
    string Workload,
    Dictionary<string, string> Env,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> PerfEvents,
    int? Interval,
    PerfTool Tool,
    bool Streaming,
    BenchmarkStatus Status,
    int? QueuePosition,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int? PerfExitCode,
    int? WorkloadExitCode,
    string? Error,
    string? CommandLine,
    string TypedCommandLine,
    int? Frequency,
    long? Period,
    string CallGraph,
    ResultsDto? Results,
    ProfileDto? Profile,
    BenchmarkLinksDto Links,
    int Repeat = 1,
    int Warmup = 0,
    string? Prepare = null,
    IReadOnlyList<RepetitionDto>? Repetitions = null,
    ContextDto? Context = null,
    string Host = "local")
{
    public static BenchmarkDto From(Benchmark benchmark, StatResult? result, int? queuePosition, RecordProfile? profile = null,
        RepetitionResults? repetitions = null)
    {
        ResultsDto? results = null;
        if (result is not null)
        {
            var perfNames = result.EventNames;
            var names = BenchmarkResults.DisplayNames(benchmark, perfNames);
            results = new ResultsDto(
                result.Events.Select((e, i) => EventEntry(names[i], e, repetitions?.StatsOf(e.Event))).ToList(),
                result.Intervals.Select(sample => new IntervalDto(sample.Time,
                    names.Select((name, i) => (name, value: i < sample.Values.Count ? sample.Values[i] : null))
                        .ToDictionary(p => p.name, p => p.value))).ToList(),
                repetitions is { Stats.Repetitions: > 0 } ? new WallTimeDto(StatsDto.From(repetitions.Stats.WallTime)) : null);
        }
        var repetitionEntries = repetitions?.Runs.Select(run =>
        {
            var r = run.Repetition;
            var runNames = BenchmarkResults.DisplayNames(benchmark, run.Result.EventNames);
            return new RepetitionDto(r.Index, r.Warmup, r.Status, r.PerfExitCode, r.WorkloadExitCode, r.StartedAt, r.FinishedAt,
                r.WallSeconds, r.Error, run.Result.Events.Select((e, i) => EventEntry(runNames[i], e, null)).ToList());
        }).ToList();

        var id = benchmark.Id;
        return new BenchmarkDto(id, benchmark.SessionId, benchmark.Description, benchmark.Workload,
            benchmark.EnvironmentPairs.ToDictionary(p => p.Key, p => p.Value), benchmark.Events, benchmark.PerfEvents,
            benchmark.IntervalMs, benchmark.Tool, benchmark.Streaming, benchmark.Status, queuePosition,
            benchmark.CreatedAt, benchmark.StartedAt, benchmark.FinishedAt, benchmark.PerfExitCode,
            benchmark.WorkloadExitCode, benchmark.Error, benchmark.CommandLine, benchmark.TypedCommandLine, benchmark.RecordFrequency,
            benchmark.RecordPeriod, CallGraphs.Name(benchmark.CallGraph),
            benchmark.Tool == PerfTool.Stat ? results : null,
            profile is null ? null : ProfileDto.From(profile),
            new BenchmarkLinksDto(
                $"/api/v1/benchmark/{id}.json",
                $"/benchmarks/{id}",
                $"/api/v1/benchmark/{id}.html",
                $"/api/v1/benchmark/{id}.csv",
                $"/api/v1/benchmark/{id}.raw",
                $"/benchmarks/{id}/download/log",
                $"/benchmarks/{id}/events"),
            benchmark.Repeat,
            benchmark.Warmup,
            benchmark.PrepareCommand,
            benchmark.Tool == PerfTool.Stat ? repetitionEntries : null,
            ContextDto.From(benchmark.Context)) with { Host = benchmark.HostName };
    }

    /// <summary>
    /// One event's entry; over several repetitions its total and rate are the means of the counted repetitions (each
    /// rate over its own repetition's duration), and <c>stats</c> says how they spread.
    /// </summary>
    private static EventResultDto EventEntry(string name, EventSummary summary, RepeatedEvent? repeated)
    {
        var total = summary.Total;
        var rate = summary.RatePerSecond;
        var counted = summary.State == CountState.Counted;
        if (repeated?.Stats is { } stats)
        {
            total = stats.Mean;
            var rates = repeated.Rates.OfType<double>().ToList();
            rate = rates.Count > 0 ? rates.Average() : null;
            counted = true;
        }
        return new EventResultDto(name, summary.Event, summary.Unit, total, summary.PercentRunning, rate,
            summary.State != CountState.NotSupported, counted, repeated is null ? null : StatsDto.From(repeated));
    }
}

public sealed record FunctionDto(string Symbol, string Dso, long Self, long Total, double SelfShare, double TotalShare);

public sealed record ShareDto(string Name, long Samples, double Share);

/// <summary>One event's aggregates in a recording.</summary>
public sealed record ProfileEventDto(string Event, long Samples, long Period, IReadOnlyList<FunctionDto> TopFunctions,
    IReadOnlyList<ShareDto> Comms, IReadOnlyList<ShareDto> Dsos);

/// <summary>The aggregates of a perf record run (what the result page shows), per event.</summary>
public sealed record ProfileDto(long Samples, double DurationSeconds, long SkippedLines, IReadOnlyList<ProfileEventDto> Events)
{
    public const int TopFunctionCount = 50;

    public static ProfileDto From(RecordProfile profile) => new(
        profile.SampleCount,
        profile.DurationSeconds,
        profile.SkippedLines,
        profile.Events.Select((name, index) =>
        {
            var selection = profile.Select(index);
            return new ProfileEventDto(name, selection.Samples, selection.Period,
                selection.TopFunctions(limit: TopFunctionCount).Select(f => new FunctionDto(f.Symbol, f.Dso, f.Self, f.Total, f.SelfShare, f.TotalShare)).ToList(),
                selection.ByComm().Select(c => new ShareDto(c.Name, c.Weight, c.Share)).ToList(),
                selection.ByDso().Select(d => new ShareDto(d.Name, d.Weight, d.Share)).ToList());
        }).ToList());
}
