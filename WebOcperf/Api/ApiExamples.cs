using Microsoft.AspNetCore.Mvc;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Perf.Record;
using WebOcperf.Running;
using WebOcperf.Sessions;

namespace WebOcperf.Api;

/// <summary>
/// The OpenAPI document's examples. Request examples are valid requests (the tests post them); answer examples are
/// made by the code that makes real answers (<see cref="BenchmarkDto.From"/>, the request's own checks), from the
/// request examples.
/// </summary>
public static class ApiExamples
{
    private static readonly Guid SessionId = new("0193a0e4-5b2c-7d41-9a4e-2f0c8b6d1e37");
    private static readonly Guid BenchmarkId = new("0193a0e5-0c1f-7a3b-8e2d-5c9f1a7b3d42");
    private static readonly DateTime At = new(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc);

    public static CreateSessionDto CreateSession { get; } = new("nightly build");

    public static RenameSessionDto RenameSession { get; } = new("nightly build, -O3");

    public static SessionDto Session { get; } = new(SessionId, "nightly build", At, 3, BenchmarkStatus.Succeeded);

    /// <summary>A one-second busy loop under perf stat, sampled every 100 ms.</summary>
    public static CreateBenchmarkDto CreateBenchmark { get; } = new(
        Description: "busy loop, 1 s",
        Workload: "timeout 1 sh -c 'while :; do :; done'; true",
        Env: new Dictionary<string, string> { ["LC_ALL"] = "C" },
        Events: ["task-clock", "context-switches"],
        Interval: 100,
        Tool: PerfTool.Stat,
        Streaming: true,
        Frequency: null,
        Period: null,
        CallGraph: null,
        Repeat: 1,
        Warmup: 0,
        Prepare: null,
        Host: "local");

    /// <summary><see cref="CreateBenchmark"/> as the API answers it once queued.</summary>
    public static BenchmarkDto QueuedBenchmark { get; } = MakeQueuedBenchmark();

    /// <summary><see cref="CreateBenchmark"/> without its workload, as the API refuses it.</summary>
    public static HttpValidationProblemDetails BenchmarkProblem { get; } = MakeBenchmarkProblem();

    public static ProblemDetails QueueFull { get; } = new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        Title = new SubmitResult(SubmitOutcome.QueueFull, SubmitResult.QueueFullMessage).Title,
        Status = StatusCodes.Status503ServiceUnavailable,
        Detail = SubmitResult.QueueFullMessage,
    };

    private static BenchmarkDto MakeQueuedBenchmark()
    {
        var benchmark = ApiEndpoints.ToRequest(CreateBenchmark, CallGraphMode.None).ToBenchmark(SessionId);
        benchmark.Id = BenchmarkId;
        benchmark.CreatedAt = At;
        benchmark.PerfEvents = [.. benchmark.Events];
        return BenchmarkDto.From(benchmark, null, 0);
    }

    private static HttpValidationProblemDetails MakeBenchmarkProblem()
    {
        var errors = ApiEndpoints.ToRequest(CreateBenchmark with { Workload = null }, CallGraphMode.None).Validate()
            .ToDictionary(e => e.Key, e => e.Value.ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Status = StatusCodes.Status400BadRequest,
            Detail = ApiEndpoints.Describe(errors),
        };
    }
}
