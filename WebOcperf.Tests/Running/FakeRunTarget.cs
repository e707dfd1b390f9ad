using System.Collections.Concurrent;
using System.Text;
using WebOcperf.Running;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Running;

/// <summary>
/// A run target that starts no process: each perf invocation plays a <see cref="FakePerf"/> script, short commands are
/// answered from golden files. Its areas are scratch directories apart from the results, as a remote host's are, so
/// that the runner must fetch what perf wrote and remove the area.
/// </summary>
public sealed class FakeRunTarget : IRunTarget, IDisposable
{
    private readonly string scratchRoot = Directory.CreateTempSubdirectory("webocperf-fake-target-").FullName;

    public string Name => "fake machine";

    public string PerfPath => "/fake/bin/perf";

    /// <summary>Why perf cannot run here; null when it can.</summary>
    public string? Problem { get; set; }

    /// <summary>How the next perf invocations behave.</summary>
    public FakePerf Perf { get; set; } = new();

    /// <summary>What perf script prints; null makes it fail without output.</summary>
    public string? PerfScriptOutput { get; set; }

    public ConcurrentQueue<PerfStart> Starts { get; } = new();

    public ConcurrentQueue<TargetCommand> Commands { get; } = new();

    public ConcurrentQueue<RunArea> RemovedAreas { get; } = new();

    /// <summary>The invocation started last, once it is.</summary>
    public TaskCompletionSource<FakePerfRun> Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<string?> FindProblemAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Problem);

    public Task<RunArea> PrepareAreaAsync(InvocationFiles results, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(results.Directory);
        var scratch = Directory.CreateDirectory(Path.Combine(scratchRoot, Guid.NewGuid().ToString("N"))).FullName;
        return Task.FromResult(new RunArea(scratch, results));
    }

    public Task<IPerfRun> StartPerfAsync(PerfStart start, CancellationToken cancellationToken)
    {
        Starts.Enqueue(start);
        if (Perf.StartError is { } error)
        {
            throw new RunTargetException(error);
        }
        var run = new FakePerfRun(start, Perf);
        Started.TrySetResult(run);
        return Task.FromResult<IPerfRun>(run);
    }

    public async Task FollowLinesAsync(string path, Action<string> onLine, CancellationToken stop)
    {
        // the fake perf has written its whole file before it "runs"; hand it out, then wait for the end as perf would
        foreach (var line in File.Exists(path) ? await File.ReadAllLinesAsync(path, CancellationToken.None) : [])
        {
            onLine(line);
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // the runner says the invocation ended
        }
    }

    public async Task<CommandResult> RunCommandAsync(TargetCommand command, Func<Stream, CancellationToken, Task> consumeStdout,
        CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        var (stdout, exitCode, stderr) = command.Arguments[0] switch
        {
            "list" => (File.ReadAllText(CatalogTestData.Golden("perf-list-root.txt")), 0, ""),
            "script" when PerfScriptOutput is { } text => (text, 0, ""),
            "script" => ("", 1, "failed to open perf.data: Invalid argument"),
            _ => ("", 127, $"the fake target does not know {command.ShortName}"),
        };
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(stdout));
        await consumeStdout(stream, cancellationToken);
        return new CommandResult(exitCode, stderr, TimedOut: false);
    }

    public async Task<bool> FetchAsync(RunArea area, string fileName, string localPath, CancellationToken cancellationToken)
    {
        var source = area.PathOf(fileName);
        if (!File.Exists(source))
        {
            return false;
        }
        await using var from = File.OpenRead(source);
        await using var to = File.Create(localPath);
        await from.CopyToAsync(to, cancellationToken);
        return true;
    }

    public Task RemoveAreaAsync(RunArea area, CancellationToken cancellationToken)
    {
        RemovedAreas.Enqueue(area);
        Directory.Delete(area.Directory, recursive: true);
        return Task.CompletedTask;
    }

    public Task<LeftoverEnding> EndLeftoverAsync(int groupId, Guid benchmarkId, TimeSpan gracePeriod, CancellationToken cancellationToken) =>
        Task.FromResult(LeftoverEnding.Nothing);

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratchRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was made
        }
    }
}

/// <summary>The script of a fake perf invocation.</summary>
public sealed record FakePerf
{
    public int ExitCode { get; init; }

    /// <summary>What the workload wrapper writes to its status file; null: it did not get to.</summary>
    public int? WorkloadStatus { get; init; } = 0;

    public IReadOnlyList<string> StderrLines { get; init; } = [];

    /// <summary>Lines of the stat <c>-o</c> file, written before the run "starts".</summary>
    public IReadOnlyList<string> StatLines { get; init; } = [];

    /// <summary>Bytes of perf.data, written when not null.</summary>
    public byte[]? PerfData { get; init; }

    /// <summary>True: runs until stopped (by Stop, its time limit or shutdown); false: ends at once.</summary>
    public bool RunsUntilStopped { get; init; }

    /// <summary>Thrown by the start as a target that cannot start perf does.</summary>
    public string? StartError { get; init; }
}

public sealed class FakePerfRun : IPerfRun
{
    private readonly PerfStart start;
    private readonly FakePerf script;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder stderr = new();
    private StopReason stopReason;

    public FakePerfRun(PerfStart start, FakePerf script)
    {
        this.start = start;
        this.script = script;
        if (script.StatLines.Count > 0)
        {
            File.WriteAllLines(start.Area.PathOf(BenchmarkFiles.StatCsvName), script.StatLines);
        }
        if (script.PerfData is { } bytes)
        {
            File.WriteAllBytes(start.Area.PathOf(BenchmarkFiles.PerfDataName), bytes);
        }
    }

    public int GroupId => 4242;

    public string StderrSoFar => stderr.ToString();

    public event Action<string>? StderrLine;

    public bool Killed { get; private set; }

    /// <summary>The limits the runner waited with.</summary>
    public (TimeSpan MaxDuration, TimeSpan GracePeriod)? WaitedWith { get; private set; }

    public void RequestStop(StopReason reason)
    {
        if (stopReason == StopReason.None)
        {
            stopReason = reason;
        }
        stopped.TrySetResult();
    }

    public void Kill() => Killed = true;

    public async Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken shutdown)
    {
        WaitedWith = (maxDuration, gracePeriod);
        foreach (var line in script.StderrLines)
        {
            stderr.AppendLine(line);
            StderrLine?.Invoke(line);
        }
        if (script.RunsUntilStopped)
        {
            try
            {
                await stopped.Task.WaitAsync(maxDuration, shutdown);
            }
            catch (TimeoutException)
            {
                RequestStop(StopReason.Timeout);
            }
            catch (OperationCanceledException)
            {
                RequestStop(StopReason.Shutdown);
            }
        }
        if (script.WorkloadStatus is { } status)
        {
            await File.WriteAllTextAsync(start.WorkloadStatusPath, $"{status}\n", CancellationToken.None);
        }
        await File.WriteAllTextAsync(start.Area.Results.WorkloadLog, "fake workload output\n", CancellationToken.None);
        return new PerfExit(script.RunsUntilStopped && script.ExitCode == 0 ? 130 : script.ExitCode, stopReason,
            StderrSoFar, script.WorkloadStatus);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
