using System.Diagnostics;
using System.Globalization;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Remote;

namespace WebOcperf.Running.Remote;

/// <summary>
/// perf running on a host: the ssh command whose stdout is the workload's output and whose stderr is perf's messages
/// (between the script's markers for perf's process group and its exit status). Stop and the time limit signal the
/// remote group through a second command over the shared connection. When the connection is lost, the host gets a
/// reconnect window to end the group; the run then fails with "connection to NAME lost at …", keeping what arrived.
/// </summary>
internal sealed partial class RemotePerfRun : PerfProcessRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly SshRunTarget target;
    private readonly SshClient ssh;
    private readonly TimeSpan reconnectWindow;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<int?> groupKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int? scriptExitStatus;

    private RemotePerfRun(SshRunTarget target, SshClient ssh, Process process, PerfStart start, TimeSpan reconnectWindow,
        TimeProvider time, ILogger logger)
        : base(process, start, DrainTimeout)
    {
        this.logger = logger;
        this.target = target;
        this.ssh = ssh;
        this.reconnectWindow = reconnectWindow;
        this.time = time;
        // the group's id arrives on stderr: read from the start
        StartReadingOutput();
    }

    /// <summary>
    /// Starts the run's script and returns once perf runs on the host (its group id has arrived): what the runner stores
    /// for Stop and recovery. Throws <see cref="RunTargetException"/> when it never started, with ssh's or the script's reason.
    /// </summary>
    public static async Task<RemotePerfRun> StartAsync(SshRunTarget target, SshClient ssh, string script, PerfStart start,
        Action<int> onGroupKnown, TimeSpan reconnectWindow, TimeSpan startTimeout, TimeProvider time, ILogger logger)
    {
        var starting = System.Diagnostics.Stopwatch.GetTimestamp();
        var process = ssh.Start(target.Host, script);
        var run = new RemotePerfRun(target, ssh, process, start, reconnectWindow, time, logger);
        var group = await run.groupKnown.Task.WaitAsync(startTimeout).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null,
            TaskScheduler.Default);
        if (group is { } id)
        {
            LogStarted(logger, target.Name, id, System.Diagnostics.Stopwatch.GetElapsedTime(starting).TotalMilliseconds);
            run.GroupId = id;
            onGroupKnown(id);
            return run;
        }
        SshRunTarget.KillQuietly(process);
        await process.WaitForExitAsync();
        await run.DrainOutputAsync();
        var said = run.StderrSoFar.Trim();
        var reason = SshErrors.Describe(target.Host, process.ExitCode, said)
            ?? (said.Length > 0 ? $"{target.Name}: {said}" : $"perf did not start on {target.Name}");
        await run.DisposeAsync();
        throw new RunTargetException(reason);
    }

    protected override void SignalStop() => Signal("INT");

    public override void Kill() => Signal("KILL");

    /// <summary>Signals the remote group over the shared connection, without waiting for the answer.</summary>
    private void Signal(string signal)
    {
        if (GroupId <= 0)
        {
            return;
        }
        _ = ssh.RunAsync(target.Host, RemoteScript.SignalGroup(GroupId, signal), TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    public override async Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        await WaitForExitOrStopAsync(maxDuration, gracePeriod, cancellationToken);
        await DrainOutputAsync();

        if (scriptExitStatus is { } status)
        {
            // perf is gone: anything the workload left in the group goes with it, and what left the group carrying the
            // run's tag; then the workload's own status
            var after = await ssh.RunAsync(target.Host,
                RemoteScript.FinishGroup(GroupId, Invocation.WorkloadStatusPath, RunProcessTag.Entry(Invocation.Area.Results.BenchmarkId)),
                TimeSpan.FromSeconds(30), CancellationToken.None);
            var (endedByTag, rest) = RunProcessTag.ParseReport(after.Stdout);
            int? workloadStatus = int.TryParse(rest.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                ? code : null;
            return new PerfExit(status, StopReasonSoFar, StderrSoFar, workloadStatus, endedByTag);
        }
        return await ConnectionLostAsync(gracePeriod);
    }

    /// <summary>
    /// The script's end never arrived: the link died (or sshd was killed). Within the reconnect window the host is
    /// reached again to end the run's group; what arrived is kept either way.
    /// </summary>
    private async Task<PerfExit> ConnectionLostAsync(TimeSpan gracePeriod)
    {
        var lostAt = time.GetUtcNow().UtcDateTime;
        LogConnectionLost(target.Name, GroupId);
        var until = lostAt + reconnectWindow;
        var ended = false;
        while (true)
        {
            var result = await ssh.RunAsync(target.Host,
                RemoteScript.EndLeftoverGroup(Path.GetFileName(Invocation.Area.Directory), GroupId, Math.Max(1, (int)gracePeriod.TotalSeconds),
                    RunProcessTag.Entry(Invocation.Area.Results.BenchmarkId)),
                target.CommandTimeout + gracePeriod, CancellationToken.None);
            if (result.ConnectionError is null)
            {
                ended = true;
                break;
            }
            if (time.GetUtcNow().UtcDateTime >= until)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var message = $"connection to {target.Name} lost at {lostAt:HH:mm:ss} UTC; the data that arrived is kept" +
            (ended ? $" (the run's processes on {target.Name} were ended after reconnecting)"
                : $" ({target.Name} was still unreachable after {reconnectWindow.TotalSeconds:0} s; its processes are ended once it is reachable again)");
        if (!ended)
        {
            target.RememberLeftover(GroupId, Invocation.Area.Results.BenchmarkId);
        }
        return new PerfExit(SshErrors.SshFailed, StopReasonSoFar, message + "\n" + StderrSoFar, WorkloadStatus: null);
    }

    protected override async Task ForceEndAsync()
    {
        await ssh.RunAsync(target.Host, RemoteScript.SignalGroup(GroupId, "KILL"), TimeSpan.FromSeconds(30), CancellationToken.None);
        // ssh ends when the script does, or when ServerAlive gives the link up
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Process.WaitForExitAsync(last.Token);
        }
        catch (OperationCanceledException)
        {
            SshRunTarget.KillQuietly(Process);
            await Process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The script's markers: perf's process group once it runs, and perf's exit status.</summary>
    protected override bool TakeControlLine(string line)
    {
        if (line.StartsWith(RemoteScript.GroupMarker, StringComparison.Ordinal))
        {
            groupKnown.TrySetResult(int.TryParse(line.AsSpan(RemoteScript.GroupMarker.Length), NumberStyles.Integer,
                CultureInfo.InvariantCulture, out var group) ? group : null);
            return true;
        }
        if (line.StartsWith(RemoteScript.ExitMarker, StringComparison.Ordinal)
            && int.TryParse(line.AsSpan(RemoteScript.ExitMarker.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
        {
            scriptExitStatus = status;
            return true;
        }
        return false;
    }

    protected override void OnStderrEnded() => groupKnown.TrySetResult(null);

    private void LogConnectionLost(string host, int group) => Log.ConnectionLost(logger, host, group);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The connection to {Host} was lost while its perf group {Group} ran")]
        public static partial void ConnectionLost(ILogger logger, string host, int group);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "perf started on {Host} as group {Group}, {Milliseconds:0.0} ms after ssh was started")]
    private static partial void LogStarted(ILogger logger, string host, int group, double milliseconds);
}
