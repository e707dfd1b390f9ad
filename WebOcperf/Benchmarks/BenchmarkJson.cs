using WebOcperf.Data;
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
    string? CallGraph);

public sealed record EventResultDto(
    string Event,
    string PerfEvent,
    string Unit,
    double? Total,
    double? PercentRunning,
    double? RatePerSecond,
    bool Supported,
    bool Counted);

public sealed record IntervalDto(double Time, Dictionary<string, double?> Values);

public sealed record ResultsDto(IReadOnlyList<EventResultDto> Events, IReadOnlyList<IntervalDto> Intervals);

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
    int? Frequency,
    long? Period,
    string CallGraph,
    ResultsDto? Results,
    ProfileDto? Profile,
    BenchmarkLinksDto Links)
{
    public static BenchmarkDto From(Benchmark benchmark, StatResult? result, int? queuePosition, RecordProfile? profile = null)
    {
        ResultsDto? results = null;
        if (result is not null)
        {
            var perfNames = result.EventNames;
            var names = BenchmarkResults.DisplayNames(benchmark, perfNames);
            results = new ResultsDto(
                result.Events.Select((e, i) => new EventResultDto(names[i], e.Event, e.Unit, e.Total, e.PercentRunning,
                    e.RatePerSecond, e.State != CountState.NotSupported, e.State == CountState.Counted)).ToList(),
                result.Intervals.Select(sample => new IntervalDto(sample.Time,
                    names.Select((name, i) => (name, value: i < sample.Values.Count ? sample.Values[i] : null))
                        .ToDictionary(p => p.name, p => p.value))).ToList());
        }

        var id = benchmark.Id;
        return new BenchmarkDto(id, benchmark.SessionId, benchmark.Description, benchmark.Workload,
            benchmark.EnvironmentPairs.ToDictionary(p => p.Key, p => p.Value), benchmark.Events, benchmark.PerfEvents,
            benchmark.IntervalMs, benchmark.Tool, benchmark.Streaming, benchmark.Status, queuePosition,
            benchmark.CreatedAt, benchmark.StartedAt, benchmark.FinishedAt, benchmark.PerfExitCode,
            benchmark.WorkloadExitCode, benchmark.Error, benchmark.CommandLine, benchmark.RecordFrequency,
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
                $"/benchmarks/{id}/events"));
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
