using Microsoft.Extensions.Options;
using WebOcperf.Data;
using WebOcperf.Infrastructure;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Running;

/// <summary>One perf invocation: where its files go on the target, what perf is given, and whether to follow its intervals.</summary>
/// <param name="FollowIntervals">Whether perf stat writes <c>-I</c> intervals to its <c>-o</c> file, to be followed live.</param>
public sealed record InvocationPlan(
    Guid BenchmarkId,
    RunArea Area,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    bool FollowIntervals);

/// <summary>What the caller hears while an invocation runs.</summary>
/// <param name="Started">perf runs, as the leader of this process group (stored for crash recovery).</param>
/// <param name="PerfMessage">A line perf wrote to stderr (perf record's progress).</param>
/// <param name="Sample">A complete interval of perf stat's <c>-o</c> file.</param>
public sealed record InvocationObserver(
    Func<int, Task> Started,
    Action<string> PerfMessage,
    Action<IntervalSample, IntervalAssembler> Sample);

/// <summary>
/// Runs one perf invocation on a target and tells how it ended: starts perf, makes it reachable by Stop, follows its
/// intervals, waits (stopping it at the time limit or shutdown), brings its files home and clears the target's area.
/// Finishing the benchmark is the caller's: a benchmark may consist of several invocations.
/// </summary>
public sealed partial class PerfInvocationRunner(ActiveRuns activeRuns, IOptions<WebOcperfOptions> options,
    ILogger<PerfInvocationRunner> logger)
{
    /// <summary>How long perf archive may take to bundle a recording's binaries (it reads and compresses them).</summary>
    private static readonly TimeSpan ArchiveTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The files perf itself writes in the area (the logs stream home while it runs).</summary>
    private static readonly string[] OutputFiles = [BenchmarkFiles.StatCsvName, BenchmarkFiles.PerfDataName, BenchmarkFiles.WorkloadStatusName];

    /// <summary>Runs the invocation to its end; throws <see cref="RunTargetException"/> when perf cannot be started.</summary>
    public async Task<PerfExit> RunAsync(IRunTarget target, InvocationPlan plan, InvocationObserver observer,
        CancellationToken shutdown)
    {
        var settings = options.Value;
        // the tag goes last, so that a workload's own WEBOCPERF_RUN cannot hide its processes from the end of the run
        var start = new PerfStart(plan.Area, plan.Arguments, [.. plan.Environment, RunProcessTag.For(plan.BenchmarkId)], null,
            plan.Area.PathOf(BenchmarkFiles.WorkloadStatusName), settings.MaxWorkloadLogBytes);
        PerfExit exit;
        await using (var run = await target.StartPerfAsync(start, CancellationToken.None))
        {
            try
            {
                exit = await SuperviseAsync(target, plan, observer, run, settings, shutdown);
            }
            catch
            {
                // whatever failed, no perf may be left running without a supervisor
                run.Kill();
                throw;
            }
        }
        await BringHomeAsync(target, plan.Area);
        return exit;
    }

    private async Task<PerfExit> SuperviseAsync(IRunTarget target, InvocationPlan plan, InvocationObserver observer,
        IPerfRun run, WebOcperfOptions settings, CancellationToken shutdown)
    {
        await observer.Started(run.GroupId);
        activeRuns.Add(plan.BenchmarkId, run);
        run.StderrLine += observer.PerfMessage;

        using var stopFollowing = new CancellationTokenSource();
        var following = plan.FollowIntervals
            ? FollowIntervalsAsync(target, plan.Area, observer, stopFollowing.Token)
            : Task.CompletedTask;
        try
        {
            return await run.WaitAsync(settings.MaxRunDuration, settings.StopGracePeriod, shutdown);
        }
        finally
        {
            activeRuns.Ended(plan.BenchmarkId, run);
            await stopFollowing.CancelAsync();
            await following;
        }
    }

    private static async Task FollowIntervalsAsync(IRunTarget target, RunArea area, InvocationObserver observer,
        CancellationToken stop)
    {
        var reader = new IntervalLineReader(observer.Sample);
        await target.FollowLinesAsync(area.PathOf(BenchmarkFiles.StatCsvName), reader.Add, stop);
        reader.Finish();
    }

    private async Task BringHomeAsync(IRunTarget target, RunArea area)
    {
        foreach (var name in OutputFiles)
        {
            await target.FetchAsync(area, name, area.Results.PathOf(name), CancellationToken.None);
        }
        if (!area.IsResultDirectory && File.Exists(area.Results.PerfData))
        {
            await ArchiveAsync(target, area);
        }
        await target.RemoveAreaAsync(area, CancellationToken.None);
    }

    /// <summary>
    /// A recording made on another machine names binaries that are only there: <c>perf archive</c> bundles them by
    /// build id, beside perf.data, so that perf report can symbolise it anywhere. A failure costs only the bundle.
    /// </summary>
    private async Task ArchiveAsync(IRunTarget target, RunArea area)
    {
        try
        {
            var result = await target.RunCommandAsync(
                TargetCommand.Perf(["archive", area.PathOf(BenchmarkFiles.PerfDataName)], timeout: ArchiveTimeout),
                (stdout, token) => stdout.CopyToAsync(Stream.Null, token), CancellationToken.None);
            if (result.ExitCode != 0)
            {
                LogArchiveFailed(target.Name, result.TimedOut ? $"no result within {ArchiveTimeout}" : result.Stderr.Trim());
                return;
            }
            await target.FetchAsync(area, BenchmarkFiles.PerfArchiveName, area.Results.PathOf(BenchmarkFiles.PerfArchiveName),
                CancellationToken.None);
        }
        catch (RunTargetException e)
        {
            LogArchiveFailed(target.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "perf archive of a recording on {Host} failed: {Reason}")]
    private partial void LogArchiveFailed(string host, string reason);

    /// <summary>
    /// The status an ended invocation earns, and the error to show (for a recording that the size cap ended: Succeeded,
    /// with a note saying so). A stop says why it stopped; otherwise the workload's own status counts (perf exits 0
    /// under <c>-I</c> whatever the workload did), then perf's.
    /// </summary>
    public static (BenchmarkStatus Status, string? Error) Judge(PerfExit exit, TimeSpan maxDuration, long maxRecordingBytes = 0)
    {
        var perfError = PerfMessages.ErrorText(exit.Stderr);
        return exit.StopReason switch
        {
            // perf stops itself at --max-size, SIGTERMs the workload and exits 143: the recording is whole and wanted
            StopReason.None when PerfRecordCommand.StoppedAtSizeLimit(exit.Stderr) => (BenchmarkStatus.Succeeded,
                $"the recording reached its size cap of {FreeSpace.Describe(maxRecordingBytes)} (WebOcperf:MaxRecordingBytes), " +
                "so perf stopped it and the workload was ended; the samples up to then are kept"),
            StopReason.Timeout => (BenchmarkStatus.Failed,
                $"stopped after the maximum run duration of {maxDuration} (WebOcperf:MaxRunDuration)"),
            StopReason.Cancelled => (BenchmarkStatus.Cancelled, "stopped by a user; the data so far is kept"),
            StopReason.Shutdown => (BenchmarkStatus.Interrupted, "the server shut down while this ran; the data so far is kept"),
            _ when exit.WorkloadStatus is null && exit.ExitCode != 0 => (BenchmarkStatus.Failed,
                perfError.Length > 0 ? perfError : $"perf exited with code {exit.ExitCode}"),
            _ when exit.WorkloadStatus is { } code && code != 0 => (BenchmarkStatus.Failed, PerfMessages.DescribeWorkloadStatus(code)),
            _ when exit.ExitCode != 0 => (BenchmarkStatus.Failed,
                $"perf exited with code {exit.ExitCode}" + (perfError.Length > 0 ? $": {perfError}" : "")),
            _ => (BenchmarkStatus.Succeeded, null),
        };
    }
}
