using System.Diagnostics;
using System.Text;

namespace WebOcperf.Running;

/// <summary>
/// Runs perf as the leader of a new process group (through <c>setsid</c>, which execs in place because the child
/// of .NET is not a group leader), so that stopping signals the group: perf and the whole workload. (.NET starts
/// children with default signal handling, so a server that ignores SIGINT, as a background job does, still stops
/// workloads with it.)
/// </summary>
internal sealed class LocalPerfProcess : IPerfRun
{
    private const string SetsidPath = "setsid";
    private const int MaxStderrChars = 64 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GroupEndTimeout = TimeSpan.FromSeconds(2);

    private readonly PerfStart start;
    private readonly InvocationFiles logs;
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly object stderrGate = new();
    private volatile StopReason stopReason;

    private LocalPerfProcess(string perfPath, PerfStart start, string workingDirectory)
    {
        this.start = start;
        logs = start.Area.Results;
        var startInfo = new ProcessStartInfo(SetsidPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(perfPath);
        foreach (var argument in start.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in start.Environment)
        {
            startInfo.Environment[name] = value;
        }
        process = new Process { StartInfo = startInfo };
    }

    /// <summary>The process group id, which is perf's pid.</summary>
    public int GroupId { get; private set; }

    /// <summary>perf's stderr so far (its own messages only: the workload's stderr goes to the workload log).</summary>
    public string StderrSoFar
    {
        get
        {
            lock (stderrGate)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>Raised for each line perf writes to stderr (e.g. perf record's "Captured and wrote …").</summary>
    public event Action<string>? StderrLine;

    /// <summary>Starts perf; throws Win32Exception or InvalidOperationException when it cannot be started.</summary>
    public static LocalPerfProcess Start(string perfPath, PerfStart start, string workingDirectory)
    {
        var perf = new LocalPerfProcess(perfPath, start, workingDirectory);
        perf.process.Start();
        perf.GroupId = perf.process.Id;
        // the workload must not wait for input from the server's terminal
        perf.process.StandardInput.Close();
        return perf;
    }

    /// <summary>Asks the group to stop: SIGINT (perf still writes what it has), then SIGKILL after the grace period.</summary>
    public void RequestStop(StopReason reason)
    {
        if (stopReason == StopReason.None)
        {
            stopReason = reason;
        }
        // Right after Start, setsid may not have made the group yet (a stop queued before the run started is applied
        // at once): then nobody is in it, and the process itself, perf-to-be with no workload yet, gets the signal.
        if (!ProcessGroup.Signal(GroupId, ProcessGroup.SigInt) && !HasExited())
        {
            ProcessGroup.SignalProcess(GroupId, ProcessGroup.SigInt);
        }
    }

    private bool HasExited()
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public void Kill() => ProcessGroup.Signal(GroupId, ProcessGroup.SigKill);

    /// <summary>Waits for perf to exit, stopping it when <paramref name="maxDuration"/> passes.</summary>
    public async Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var logTask = CopyWorkloadOutputAsync();
        var stderrTask = ReadStderrAsync();

        using var deadline = new CancellationTokenSource(maxDuration);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(stopped.Token);
        }
        catch (OperationCanceledException)
        {
            RequestStop(deadline.IsCancellationRequested ? StopReason.Timeout : StopReason.Shutdown);
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessGroup.Signal(GroupId, ProcessGroup.SigKill);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        // perf is gone; anything the workload left behind in the group (background jobs) goes with it
        // kill(-group, 0) is one atomic look; a /proc scan could miss a job forking as it runs. SIGKILL to zombies is
        // harmless, and the wait below does not count them
        if (ProcessGroup.IsAlive(GroupId))
        {
            ProcessGroup.Signal(GroupId, ProcessGroup.SigKill);
            // SIGKILL only starts the dying: a run is reported finished once nothing of its group runs any more, so that
            // nobody who looks sees a leftover. Bounded, as a process stuck in the kernel (state D) can outlive SIGKILL.
            await ProcessGroup.WaitUntilNoneRunAsync(GroupId, GroupEndTimeout);
        }
        // and what left the group (setsid, a daemon, perf's size cap, which SIGTERMs only its direct child) is found by
        // the run's tag; ended before draining, as such a process may hold the output pipe open
        var endedByTag = await RunProcessTag.EndAllAsync(logs.BenchmarkId, CancellationToken.None);

        await DrainOutputAsync(logTask, stderrTask);
        return new PerfExit(process.ExitCode, stopReason, StderrSoFar, ReadWorkloadStatus(start.WorkloadStatusPath), endedByTag);
    }

    /// <summary>
    /// Waits for the workload's output to end. A process that left the group (setsid, a daemon) can hold the pipe open
    /// long after perf exited; the run must not wait for it, so after a short while the pipes are closed on our side.
    /// </summary>
    private async Task DrainOutputAsync(Task logTask, Task stderrTask)
    {
        var both = Task.WhenAll(logTask, stderrTask);
        try
        {
            await both.WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            process.StandardOutput.BaseStream.Dispose();
            process.StandardError.BaseStream.Dispose();
            try
            {
                await both.WaitAsync(DrainTimeout);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or TimeoutException)
            {
                // the pending reads end with the closed pipes; what was read so far is kept
            }
        }
    }

    /// <summary>What the workload wrapper wrote (a signal death reads as 128 + signal); null when it did not get to.</summary>
    private static int? ReadWorkloadStatus(string path) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var status) ? status : null;

    private async Task CopyWorkloadOutputAsync()
    {
        await using var log = new CappedLogWriter(logs.WorkloadLog, start.MaxWorkloadLogBytes);
        await log.CopyFromAsync(process.StandardOutput.BaseStream, CancellationToken.None);
    }

    private async Task ReadStderrAsync()
    {
        await using var file = new StreamWriter(logs.PerfStderr, append: false) { AutoFlush = true };
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            await file.WriteLineAsync(line);
            lock (stderrGate)
            {
                if (stderr.Length < MaxStderrChars)
                {
                    stderr.AppendLine(line);
                }
            }
            StderrLine?.Invoke(line);
        }
    }

    public ValueTask DisposeAsync()
    {
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
