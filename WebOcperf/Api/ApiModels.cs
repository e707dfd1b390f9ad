using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Results;

namespace WebOcperf.Api;

public sealed record SessionDto(Guid Id, string Title, DateTime CreatedAt, int BenchmarkCount, BenchmarkStatus? LastStatus);

public sealed record CreateSessionDto(string? Title);

/// <summary>The body of <c>POST /api/v1/session/{id}</c>.</summary>
public sealed record CreateBenchmarkDto(
    string? Description,
    string? Workload,
    Dictionary<string, string>? Env,
    List<string>? Events,
    int? Interval,
    PerfTool? Tool,
    bool? Streaming);

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
    ResultsDto? Results,
    BenchmarkLinksDto Links)
{
    public static BenchmarkDto From(Benchmark benchmark, StatResult? result, int? queuePosition)
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
            benchmark.WorkloadExitCode, benchmark.Error, benchmark.CommandLine, results,
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

/// <param name="Sym">What to type as the event (the original web_ocperf's field).</param>
/// <param name="Desc">The brief description (the original's field).</param>
public sealed record EventMapEntryDto(
    string Sym,
    string Desc,
    string Name,
    string Kind,
    string LongDescription,
    string? Pmu,
    IReadOnlyList<string> Aliases,
    string? Topic,
    bool Available,
    string? UnavailableReason);

public sealed record EventSourceDto(string Description, string Location, int EntryCount, string? Error);

public sealed record EventMapDto(string? Cpu, IReadOnlyList<EventSourceDto> Sources, IReadOnlyList<EventMapEntryDto> Events);
