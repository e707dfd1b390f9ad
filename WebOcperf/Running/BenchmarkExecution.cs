using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Data;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Running;

/// <summary>Runs one queued benchmark from start to its final state, publishing its progress to its live feed.</summary>
public sealed class BenchmarkExecution(
    IServiceScopeFactory scopes,
    BenchmarkFiles files,
    LiveFeeds feeds,
    ActiveRuns activeRuns,
    PerfInstallation perf,
    RecordIngestion ingestion,
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
            activeRuns.Remove(benchmarkId);
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
        var settings = options.Value;
        Directory.CreateDirectory(files.DirectoryOf(benchmarkId));
        var invocation = new WorkloadInvocation(benchmark.Workload, files.WorkloadStatus(benchmarkId));
        var perfPath = perf.ExecutablePath ?? settings.PerfPath;
        var arguments = ArgumentsFor(benchmark, invocation);

        benchmark.CommandLine = ShellQuoting.Join([perfPath, .. arguments]);
        benchmark.Status = BenchmarkStatus.Running;
        benchmark.StartedAt = time.GetUtcNow().UtcDateTime;

        if (!perf.IsAvailable)
        {
            await FinishAsync(db, benchmark, feed, BenchmarkStatus.Failed, perf.Problem);
            return;
        }

        var launch = new PerfLaunch(perfPath, arguments, benchmark.EnvironmentPairs.ToList(),
            settings.ResolveWorkingDirectory(), files.WorkloadLog(benchmarkId), files.PerfStderr(benchmarkId),
            settings.MaxWorkloadLogBytes);
        PerfProcess process;
        try
        {
            process = PerfProcess.Start(launch);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            await FinishAsync(db, benchmark, feed, BenchmarkStatus.Failed, $"perf could not be started: {e.Message}");
            return;
        }

        using (process)
        {
            try
            {
                await SuperviseAsync(db, benchmark, feed, process, settings, shutdown);
            }
            catch
            {
                // whatever failed, no perf may be left running without a supervisor
                ProcessGroup.Signal(process.GroupId, ProcessGroup.SigKill);
                throw;
            }
        }
    }

    /// <summary>From a started perf to the run's final state: follow, wait (stopping it when due), judge, ingest.</summary>
    private async Task SuperviseAsync(WebOcperfDb db, Benchmark benchmark, BenchmarkFeed feed, PerfProcess process,
        WebOcperfOptions settings, CancellationToken shutdown)
    {
        var benchmarkId = benchmark.Id;
        benchmark.ProcessGroupId = process.GroupId;
        await db.SaveChangesAsync(CancellationToken.None);
        feed.SetState(RunState.Of(benchmark));
        activeRuns.Add(benchmarkId, process);
        // perf record reports progress on stderr ("Captured and wrote … (N samples)"): pass it on to viewers
        process.StderrLine += line => feed.SetState(RunState.Of(benchmark) with { PerfMessage = line });
        logger.LogInformation("Benchmark {BenchmarkId} started: {CommandLine}", benchmarkId, benchmark.CommandLine);

        using var stopTailing = new CancellationTokenSource();
        var tailing = benchmark.Tool == PerfTool.Stat && benchmark.IntervalMs is > 0
            ? FollowIntervalsAsync(benchmarkId, feed, stopTailing.Token)
            : Task.CompletedTask;

        PerfExit exit;
        try
        {
            exit = await process.WaitAsync(settings.MaxRunDuration, settings.StopGracePeriod, shutdown);
        }
        finally
        {
            activeRuns.Remove(benchmarkId);
            await stopTailing.CancelAsync();
            await tailing;
        }

        var (status, error) = Judge(benchmark, exit, ReadWorkloadStatus(benchmarkId), settings.MaxRunDuration);
        if (benchmark.Tool == PerfTool.Record && HasRecording(benchmarkId))
        {
            (status, error) = await IngestAsync(benchmark, feed, status, error);
        }
        await FinishAsync(db, benchmark, feed, status, error);
    }

    private IReadOnlyList<string> ArgumentsFor(Benchmark benchmark, WorkloadInvocation invocation)
    {
        var events = benchmark.PerfEvents.Count > 0 ? benchmark.PerfEvents : benchmark.Events;
        if (benchmark.Tool == PerfTool.Stat)
        {
            return PerfStatCommand.Arguments(events, benchmark.IntervalMs, files.StatCsv(benchmark.Id), invocation);
        }
        var sampling = benchmark.RecordPeriod is { } period
            ? SamplingRate.EveryNth(period)
            : SamplingRate.Frequency(benchmark.RecordFrequency ?? Benchmark.DefaultRecordFrequency);
        return PerfRecordCommand.Arguments(events, sampling, benchmark.CallGraph, files.PerfData(benchmark.Id), invocation);
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
        catch (Exception e) when (e is RecordIngestionException or IOException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning(e, "perf script failed for benchmark {BenchmarkId}", benchmark.Id);
            var message = $"the samples could not be read: {e.Message}";
            return (BenchmarkStatus.Failed, error is null ? message : $"{error}; {message}");
        }
    }

    private async Task FollowIntervalsAsync(Guid benchmarkId, BenchmarkFeed feed, CancellationToken stop)
    {
        var seriesSize = 0;
        var tailer = new StatFileTailer(files.StatCsv(benchmarkId), (sample, assembler) =>
        {
            if (assembler.Events.Count != seriesSize)
            {
                seriesSize = assembler.Events.Count;
                feed.SetSeries(assembler.Events.ToList(), assembler.Units.ToList());
            }
            feed.AddSample(sample);
        });
        await tailer.FollowAsync(stop);
    }

    private (BenchmarkStatus Status, string? Error) Judge(Benchmark benchmark, PerfExit exit, int? workloadStatus,
        TimeSpan maxDuration)
    {
        benchmark.PerfExitCode = exit.ExitCode;
        benchmark.WorkloadExitCode = workloadStatus;
        var perfError = PerfMessages.ErrorText(exit.Stderr);
        return exit.StopReason switch
        {
            StopReason.Timeout => (BenchmarkStatus.Failed,
                $"stopped after the maximum run duration of {maxDuration} (WebOcperf:MaxRunDuration)"),
            StopReason.Cancelled => (BenchmarkStatus.Cancelled, "stopped by a user; the data so far is kept"),
            StopReason.Shutdown => (BenchmarkStatus.Interrupted, "the server shut down while this ran; the data so far is kept"),
            _ when workloadStatus is null && exit.ExitCode != 0 => (BenchmarkStatus.Failed,
                perfError.Length > 0 ? perfError : $"perf exited with code {exit.ExitCode}"),
            _ when workloadStatus is { } code && code != 0 => (BenchmarkStatus.Failed, PerfMessages.DescribeWorkloadStatus(code)),
            _ when exit.ExitCode != 0 => (BenchmarkStatus.Failed,
                $"perf exited with code {exit.ExitCode}" + (perfError.Length > 0 ? $": {perfError}" : "")),
            _ => (BenchmarkStatus.Succeeded, null),
        };
    }

    private int? ReadWorkloadStatus(Guid benchmarkId)
    {
        var path = files.WorkloadStatus(benchmarkId);
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var status) ? status : null;
    }

    private async Task FinishAsync(WebOcperfDb db, Benchmark benchmark, BenchmarkFeed feed, BenchmarkStatus status,
        string? error)
    {
        benchmark.Status = status;
        benchmark.Error = error;
        benchmark.FinishedAt = time.GetUtcNow().UtcDateTime;
        benchmark.ProcessGroupId = null;
        await db.SaveChangesAsync(CancellationToken.None);
        feed.Complete(RunState.Of(benchmark));
        feeds.Retire(benchmark.Id);
        logger.LogInformation("Benchmark {BenchmarkId} ended {Status}: {Error}", benchmark.Id, status, error);
    }
}
