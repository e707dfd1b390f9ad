using System.Diagnostics;

namespace WebOcperf.Running;

/// <summary>
/// Runs perf as the leader of a new process group (through <c>setsid</c>, which execs in place because the child
/// of .NET is not a group leader), so that stopping signals the group: perf and the whole workload. (.NET starts
/// children with default signal handling, so a server that ignores SIGINT, as a background job does, still stops
/// workloads with it.)
/// </summary>
internal sealed class LocalPerfProcess : PerfProcessRun
{
    private const string SetsidPath = "setsid";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GroupEndTimeout = TimeSpan.FromSeconds(2);

    private LocalPerfProcess(Process process, PerfStart start)
        : base(process, start, DrainTimeout)
    {
    }

    private static Process Create(string perfPath, PerfStart start, string workingDirectory)
    {
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
        return new Process { StartInfo = startInfo };
    }

    /// <summary>Starts perf; throws Win32Exception or InvalidOperationException when it cannot be started.</summary>
    public static LocalPerfProcess Start(string perfPath, PerfStart start, string workingDirectory)
    {
        var perf = new LocalPerfProcess(Create(perfPath, start, workingDirectory), start);
        perf.Process.Start();
        // the process group id is perf's pid
        perf.GroupId = perf.Process.Id;
        // the workload must not wait for input from the server's terminal
        perf.Process.StandardInput.Close();
        return perf;
    }

    protected override void SignalStop()
    {
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
            return Process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public override void Kill() => ProcessGroup.Signal(GroupId, ProcessGroup.SigKill);

    protected override async Task ForceEndAsync()
    {
        Kill();
        await Process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Waits for perf to exit, stopping it when <paramref name="maxDuration"/> passes.</summary>
    public override async Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        StartReadingOutput();
        await WaitForExitOrStopAsync(maxDuration, gracePeriod, cancellationToken);

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
        var endedByTag = await RunProcessTag.EndAllAsync(Invocation.Area.Results.BenchmarkId, CancellationToken.None);

        await DrainOutputAsync();
        return new PerfExit(Process.ExitCode, StopReasonSoFar, StderrSoFar, ReadWorkloadStatus(Invocation.WorkloadStatusPath), endedByTag);
    }

    /// <summary>What the workload wrapper wrote (a signal death reads as 128 + signal); null when it did not get to.</summary>
    private static int? ReadWorkloadStatus(string path) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var status) ? status : null;
}
