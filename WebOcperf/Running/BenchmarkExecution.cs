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
    RunTargets targets,
    PerfInvocationRunner invocations,
    BenchmarkLifecycle lifecycle,
    RecordIngestion ingestion,
    MachineContextProbe contextProbe,
    IOptions<WebOcperfOptions> options,
    TimeProvider time,
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
        var benchmark = await db.Benchmarks.Include(b => b.Repetitions)
            .FirstOrDefaultAsync(b => b.Id == benchmarkId, CancellationToken.None);
        if (benchmark is null || benchmark.Status != BenchmarkStatus.Queued)
        {
            return;
        }

        var feed = feeds.Open(benchmarkId);
        var invocationsToRun = Invocations(benchmark);
        // the command line shown is the first measured invocation's (the others differ only in their folder)
        var shown = invocationsToRun.FirstOrDefault(k => k is not { Warmup: true });
        IRunTarget target;
        RunArea shownArea;
        try
        {
            target = targets.For(benchmark);
            // the preflight first: an unreachable host or a missing perf fails the run at once, naming why
            if (await target.FindProblemAsync(CancellationToken.None) is { } hostProblem)
            {
                await lifecycle.StartAsync(db, benchmark);
                await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed, hostProblem);
                return;
            }
            shownArea = await target.PrepareAreaAsync(files.InvocationOf(benchmark, shown), CancellationToken.None);
            // the command line's area is only named (on a host nothing is made for it): each invocation has its own
            await target.RemoveAreaAsync(shownArea, CancellationToken.None);
        }
        catch (RunTargetException e)
        {
            await lifecycle.StartAsync(db, benchmark);
            await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed, e.Message);
            return;
        }
        benchmark.CommandLine = ShellQuoting.Join([target.PerfPath, .. ArgumentsFor(benchmark, shownArea, options.Value.MaxRecordingBytes)]);
        // this machine's context is read at once, a host's comes with its recent check; when a host's needs a command of
        // its own, that runs while perf starts rather than before it (a run on a host costs one command to start) and is
        // stored with the run's end
        var context = contextProbe.CaptureAsync(target, CancellationToken.None);
        if (context.IsCompleted)
        {
            benchmark.Context = await context;
        }
        await lifecycle.StartAsync(db, benchmark);

        if (await target.FindProblemAsync(CancellationToken.None) is { } problem)
        {
            await FinishAsync(BenchmarkStatus.Failed, problem);
            return;
        }
        // the results come home to the data directory whatever machine ran perf; a full disk there also breaks the database
        if (FreeSpace.Check(files.Root, options.Value.MinFreeDiskBytes) is { } noSpace)
        {
            await FinishAsync(BenchmarkStatus.Failed, $"not started: {noSpace}");
            return;
        }

        var finished = 0;
        // a note of a succeeded invocation (a recording that reached its size cap) stays with the benchmark
        string? note = null;
        foreach (var key in invocationsToRun)
        {
            if (activeRuns.IsStopPending(benchmarkId))
            {
                // Stop came between two repetitions: the rest are skipped, what finished is kept
                await FinishAsync(BenchmarkStatus.Cancelled,
                    StoppedMessage(benchmark, finished, current: null));
                return;
            }
            var outcome = await RunInvocationAsync(target, db, benchmark, feed, key, shutdown);
            if (outcome.Status != BenchmarkStatus.Succeeded)
            {
                var error = outcome.Status == BenchmarkStatus.Cancelled && benchmark.IsRepeated
                    ? StoppedMessage(benchmark, finished, key)
                    : key is { } failed && benchmark.IsRepeated
                    ? $"{Capitalised(failed.Label)} of {(failed.Warmup ? benchmark.Warmup : benchmark.Repeat)} " +
                      $"{(outcome.Status == BenchmarkStatus.Failed ? "failed" : "was stopped")}: {outcome.Error}" +
                      (finished > 0 ? $" (the {finished} run{(finished == 1 ? "" : "s")} before it {(finished == 1 ? "is" : "are")} kept)" : "")
                    : outcome.Error;
                await FinishAsync(outcome.Status, error);
                return;
            }
            finished++;
            note = outcome.Error ?? note;
        }
        await FinishAsync(BenchmarkStatus.Succeeded, note);

        async Task FinishAsync(BenchmarkStatus status, string? error)
        {
            try
            {
                benchmark.Context ??= await context;
            }
            catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                // the context is a note beside the result: the run's outcome stands without it
            }
            await lifecycle.FinishAsync(db, benchmark, status, error);
        }
    }

    /// <summary>
    /// What a benchmark runs, in order: its warm-ups, then its measured repetitions; a plain benchmark (one perf stat or
    /// a perf record) is one invocation in its own directory (null key).
    /// </summary>
    private static List<RepetitionKey?> Invocations(Benchmark benchmark) =>
        !benchmark.IsRepeated
            ? [null]
            : [
                .. Enumerable.Range(1, benchmark.Warmup).Select(i => (RepetitionKey?)new RepetitionKey(true, i)),
                .. Enumerable.Range(1, benchmark.Repeat).Select(i => (RepetitionKey?)RepetitionKey.Measured(i)),
            ];

    /// <summary>
    /// One invocation: its row (a perf stat benchmark's every invocation has one), its prepare command, perf itself timed
    /// from start to exit, and its judgement. The benchmark's exit codes are the last invocation's.
    /// </summary>
    private async Task<(BenchmarkStatus Status, string? Error)> RunInvocationAsync(IRunTarget target, WebOcperfDb db, Benchmark benchmark,
        BenchmarkFeed feed, RepetitionKey? key, CancellationToken shutdown)
    {
        var benchmarkId = benchmark.Id;
        var invocationFiles = files.InvocationOf(benchmark, key);
        RunArea area;
        try
        {
            area = await target.PrepareAreaAsync(invocationFiles, CancellationToken.None);
        }
        catch (RunTargetException e)
        {
            return (BenchmarkStatus.Failed, e.Message);
        }
        BenchmarkRepetition? row = null;
        if (benchmark.Tool == PerfTool.Stat)
        {
            var chosen = key ?? RepetitionKey.Measured(1);
            row = new BenchmarkRepetition
            {
                BenchmarkId = benchmarkId,
                Warmup = chosen.Warmup,
                Index = chosen.Index,
                Status = BenchmarkStatus.Running,
                StartedAt = time.GetUtcNow().UtcDateTime,
            };
            benchmark.Repetitions.Add(row);
            await db.SaveChangesAsync(CancellationToken.None);
            if (RepetitionProgress.Of(benchmark) is { } progress)
            {
                feed.StartRepetition(progress);
                feed.SetState(RunState.Of(benchmark));
            }
        }

        if (benchmark.PrepareCommand is { } prepare)
        {
            var prepareError = await PrepareAsync(target, benchmark, prepare, invocationFiles, shutdown);
            if (prepareError is not null)
            {
                // perf never starts in this area: a host's scratch directory (or only its name) is let go
                await target.RemoveAreaAsync(area, CancellationToken.None);
                await EndRowAsync(db, row, BenchmarkStatus.Failed, prepareError, null, null);
                return (BenchmarkStatus.Failed, prepareError);
            }
            if (activeRuns.IsStopPending(benchmarkId))
            {
                await target.RemoveAreaAsync(area, CancellationToken.None);
                await EndRowAsync(db, row, BenchmarkStatus.Cancelled, "stopped by a user before perf started", null, null);
                return (BenchmarkStatus.Cancelled, "stopped by a user; the data so far is kept");
            }
        }

        var plan = new InvocationPlan(benchmarkId, area, ArgumentsFor(benchmark, area, options.Value.MaxRecordingBytes), benchmark.EnvironmentPairs.ToList(),
            FollowIntervals: benchmark.Tool == PerfTool.Stat && benchmark.IntervalMs is > 0);
        var seriesSize = 0;
        var observer = new InvocationObserver(
            Started: async groupId =>
            {
                benchmark.ProcessGroupId = groupId;
                await db.SaveChangesAsync(CancellationToken.None);
                feed.SetState(RunState.Of(benchmark));
                LogStarted(benchmarkId, key?.Label ?? "its run", ShellQuoting.Join(plan.Arguments));
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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            exit = await invocations.RunAsync(target, plan, observer, shutdown);
        }
        catch (RunTargetException e)
        {
            await EndRowAsync(db, row, BenchmarkStatus.Failed, e.Message, null, null);
            return (BenchmarkStatus.Failed, e.Message);
        }
        var wallSeconds = clock.Elapsed.TotalSeconds;
        if (exit.EndedByTag is { Count: > 0 } endedByTag)
        {
            RunProcessTag.AppendToLog(invocationFiles.WorkloadLog, endedByTag);
            LogTaggedEnded(benchmarkId, RunProcessTag.Describe(endedByTag)!);
        }

        benchmark.PerfExitCode = exit.ExitCode;
        benchmark.WorkloadExitCode = exit.WorkloadStatus;
        var (status, error) = PerfInvocationRunner.Judge(exit, options.Value.MaxRunDuration, options.Value.MaxRecordingBytes);
        if (benchmark.Tool == PerfTool.Record && HasRecording(benchmarkId))
        {
            (status, error) = await IngestAsync(benchmark, feed, status, error);
        }
        if (row is not null)
        {
            row.PerfExitCode = exit.ExitCode;
            row.WorkloadExitCode = exit.WorkloadStatus;
            await EndRowAsync(db, row, status, error, wallSeconds, time.GetUtcNow().UtcDateTime);
        }
        return (status, error);
    }

    private async Task EndRowAsync(WebOcperfDb db, BenchmarkRepetition? row, BenchmarkStatus status, string? error,
        double? wallSeconds, DateTime? finishedAt)
    {
        if (row is null)
        {
            return;
        }
        row.Status = status;
        row.Error = error;
        row.WallSeconds = wallSeconds;
        row.FinishedAt = finishedAt ?? time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs the prepare command to its end (unmeasured, with the workload's environment and working directory), its
    /// output kept in the invocation's prepare.log; the error to show when it failed, else null.
    /// </summary>
    private async Task<string?> PrepareAsync(IRunTarget target, Benchmark benchmark, string prepare, InvocationFiles invocationFiles,
        CancellationToken shutdown)
    {
        var settings = options.Value;
        var logPath = invocationFiles.PathOf(RepetitionFiles.PrepareLogName);
        // the command's stderr joins its stdout, so that its log reads as a terminal would show it
        // tagged like the run: what the prepare command leaves running is ended with the invocation it prepared
        var command = new TargetCommand(WorkloadInvocation.Shell, ["-c", PrepareWrapper, PrepareName, prepare],
            [.. benchmark.EnvironmentPairs, RunProcessTag.For(benchmark.Id)], Timeout: settings.MaxRunDuration);
        CommandResult result;
        try
        {
            result = await target.RunCommandAsync(command, async (stdout, cancellationToken) =>
            {
                await using var log = new CappedLogWriter(logPath, settings.MaxWorkloadLogBytes);
                await log.CopyFromAsync(stdout, cancellationToken);
            }, shutdown);
        }
        catch (RunTargetException e)
        {
            return $"the prepare command could not be run: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return "the server shut down while the prepare command ran";
        }
        if (result.ExitCode == 0)
        {
            return null;
        }
        var output = BenchmarkFiles.ReadTail(logPath, PrepareOutputShown).Trim();
        var why = result.TimedOut
            ? $"the prepare command was stopped after {settings.MaxRunDuration} (WebOcperf:MaxRunDuration)"
            : $"the prepare command exited with code {result.ExitCode}";
        return output.Length > 0 ? $"{why}; its output:\n{output}" : why;
    }

    /// <summary>$1 is the prepare command; it runs in its own shell with stderr joined to stdout.</summary>
    private const string PrepareWrapper = "exec /bin/sh -c \"$1\" 2>&1";

    /// <summary>$0 of the wrapper: what ps shows and what the shell names in its own messages.</summary>
    private const string PrepareName = "webocperf-prepare";

    /// <summary>How much of a failed prepare command's output goes into the benchmark's error.</summary>
    private const int PrepareOutputShown = 2048;

    /// <summary>"Stopped by a user during repetition 2 of 5; 1 finished run is kept, 3 were skipped."</summary>
    private static string StoppedMessage(Benchmark benchmark, int finished, RepetitionKey? current)
    {
        var total = benchmark.Warmup + benchmark.Repeat;
        var skipped = total - finished - (current is null ? 0 : 1);
        var during = current is { } k ? $" during {k.Label} of {(k.Warmup ? benchmark.Warmup : benchmark.Repeat)}" : "";
        return $"stopped by a user{during}; {finished} finished run{(finished == 1 ? " is" : "s are")} kept" +
            (current is null ? "" : ", the stopped one is shown but not counted") +
            (skipped > 0 ? $", {skipped} {(skipped == 1 ? "was" : "were")} skipped" : "");
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>perf's arguments, with its output files in the invocation's area on the target; a recording capped at <paramref name="maxRecordingBytes"/>.</summary>
    public static IReadOnlyList<string> ArgumentsFor(Benchmark benchmark, RunArea area, long maxRecordingBytes)
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
        return PerfRecordCommand.Arguments(events, sampling, benchmark.CallGraph, area.PathOf(BenchmarkFiles.PerfDataName), invocation,
            maxRecordingBytes);
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
            await ingestion.LoadOrIngestAsync(benchmark.Id, benchmark.CallGraph != CallGraphMode.None, CancellationToken.None, benchmark.Host);
            return (status, error);
        }
        catch (Exception e) when (e is RecordIngestionException or RunTargetException or IOException)
        {
            LogIngestionFailed(e, benchmark.Id);
            var message = $"the samples could not be read: {e.Message}";
            return (BenchmarkStatus.Failed, error is null ? message : $"{error}; {message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark {BenchmarkId} started {Invocation}: perf {Arguments}")]
    private partial void LogStarted(Guid benchmarkId, string invocation, string arguments);

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark {BenchmarkId}: {Ended}")]
    private partial void LogTaggedEnded(Guid benchmarkId, string ended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "perf script failed for benchmark {BenchmarkId}")]
    private partial void LogIngestionFailed(Exception exception, Guid benchmarkId);
}
