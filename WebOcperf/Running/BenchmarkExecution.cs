using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebOcperf.Data;
using WebOcperf.Infrastructure;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;

namespace WebOcperf.Running;

/// <summary>
/// Runs one queued benchmark from start to its final state: builds its perf command line, has
/// <see cref="PerfInvocationRunner"/> run it on the target, reads a recording's samples, and finishes it through
/// <see cref="BenchmarkLifecycle"/>, publishing its progress to its live feed on the way.
/// </summary>
public sealed partial class BenchmarkExecution(
    IServiceScopeFactory scopes,
    BenchmarkFiles files,
    LiveFeeds feeds,
    ActiveRuns activeRuns,
    IRunTarget target,
    PerfInvocationRunner invocations,
    BenchmarkLifecycle lifecycle,
    RecordIngestion ingestion,
    IOptions<WebOcperfOptions> options,
    ILogger<BenchmarkExecution> logger)
{
    public async Task RunAsync(Guid benchmarkId, CancellationToken shutdown)
    {
        try
        {
            await RunOnceAsync(benchmarkId, shutdown);
        }
        finally
        {
            // also when perf never started: a stop asked for in the meantime must not be kept for good
            activeRuns.Forget(benchmarkId);
        }
    }

    private async Task RunOnceAsync(Guid benchmarkId, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var benchmark = await db.Benchmarks.FirstOrDefaultAsync(b => b.Id == benchmarkId, CancellationToken.None);
        if (benchmark is null || benchmark.Status != BenchmarkStatus.Queued)
        {
            return;
        }

        var feed = feeds.Open(benchmarkId);
        var area = await target.PrepareAreaAsync(files.Invocation(benchmarkId), CancellationToken.None);
        var arguments = ArgumentsFor(benchmark, area);
        benchmark.CommandLine = ShellQuoting.Join([target.PerfPath, .. arguments]);
        await lifecycle.StartAsync(db, benchmark);

        if (await target.FindProblemAsync(CancellationToken.None) is { } problem)
        {
            await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed, problem);
            return;
        }

        var plan = new InvocationPlan(benchmarkId, area, arguments, benchmark.EnvironmentPairs.ToList(),
            FollowIntervals: benchmark.Tool == PerfTool.Stat && benchmark.IntervalMs is > 0);
        var seriesSize = 0;
        var observer = new InvocationObserver(
            Started: async groupId =>
            {
                benchmark.ProcessGroupId = groupId;
                await db.SaveChangesAsync(CancellationToken.None);
                feed.SetState(RunState.Of(benchmark));
                LogStarted(benchmarkId, benchmark.CommandLine);
            },
            // perf record reports progress on stderr ("Captured and wrote … (N samples)"): pass it on to viewers
            PerfMessage: line => feed.SetState(RunState.Of(benchmark) with { PerfMessage = line }),
            Sample: (sample, assembler) =>
            {
                if (assembler.Events.Count != seriesSize)
                {
                    seriesSize = assembler.Events.Count;
                    feed.SetSeries(assembler.Events.ToList(), assembler.Units.ToList());
                }
                feed.AddSample(sample);
            });

        PerfExit exit;
        try
        {
            exit = await invocations.RunAsync(target, plan, observer, shutdown);
        }
        catch (RunTargetException e)
        {
            await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed, e.Message);
            return;
        }

        benchmark.PerfExitCode = exit.ExitCode;
        benchmark.WorkloadExitCode = exit.WorkloadStatus;
        var (status, error) = PerfInvocationRunner.Judge(exit, options.Value.MaxRunDuration);
        if (benchmark.Tool == PerfTool.Record && HasRecording(benchmarkId))
        {
            (status, error) = await IngestAsync(benchmark, feed, status, error);
        }
        await lifecycle.FinishAsync(db, benchmark, status, error);
    }

    /// <summary>perf's arguments, with its output files in the invocation's area on the target.</summary>
    public static IReadOnlyList<string> ArgumentsFor(Benchmark benchmark, RunArea area)
    {
        var events = benchmark.PerfEvents.Count > 0 ? benchmark.PerfEvents : benchmark.Events;
        var invocation = new WorkloadInvocation(benchmark.Workload, area.PathOf(BenchmarkFiles.WorkloadStatusName));
        if (benchmark.Tool == PerfTool.Stat)
        {
            return PerfStatCommand.Arguments(events, benchmark.IntervalMs, area.PathOf(BenchmarkFiles.StatCsvName), invocation);
        }
        var sampling = benchmark.RecordPeriod is { } period
            ? SamplingRate.EveryNth(period)
            : SamplingRate.Frequency(benchmark.RecordFrequency ?? Benchmark.DefaultRecordFrequency);
        return PerfRecordCommand.Arguments(events, sampling, benchmark.CallGraph, area.PathOf(BenchmarkFiles.PerfDataName), invocation);
    }

    /// <summary>
    /// Whether there is a perf.data to read: also after a failure, a stop or a timeout, so that the samples taken so far
    /// stay viewable. (A rejected event leaves no file; a missing workload leaves one without samples.)
    /// </summary>
    private bool HasRecording(Guid benchmarkId)
    {
        var perfData = new FileInfo(files.PerfData(benchmarkId));
        return perfData.Exists && perfData.Length > 0;
    }

    /// <summary>Reads the samples right away, so the result page opens on a ready profile.</summary>
    private async Task<(BenchmarkStatus Status, string? Error)> IngestAsync(Benchmark benchmark, BenchmarkFeed feed,
        BenchmarkStatus status, string? error)
    {
        feed.SetState(RunState.Of(benchmark) with { PerfMessage = "reading the samples with perf script…" });
        try
        {
            await ingestion.LoadOrIngestAsync(benchmark.Id, benchmark.CallGraph != CallGraphMode.None, CancellationToken.None);
            return (status, error);
        }
        catch (Exception e) when (e is RecordIngestionException or RunTargetException or IOException)
        {
            LogIngestionFailed(e, benchmark.Id);
            var message = $"the samples could not be read: {e.Message}";
            return (BenchmarkStatus.Failed, error is null ? message : $"{error}; {message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark {BenchmarkId} started: {CommandLine}")]
    private partial void LogStarted(Guid benchmarkId, string? commandLine);

    [LoggerMessage(Level = LogLevel.Warning, Message = "perf script failed for benchmark {BenchmarkId}")]
    private partial void LogIngestionFailed(Exception exception, Guid benchmarkId);
}
