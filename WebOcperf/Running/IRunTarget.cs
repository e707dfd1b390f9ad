namespace WebOcperf.Running;

/// <summary>
/// A machine perf runs on: the one seam between the runner's logic and the processes it starts. Everything that
/// launches perf or reads what it wrote goes through it — runs, <c>perf script</c> for ingestion and downloads,
/// <c>perf list</c> for the catalog — so that the same logic drives this machine (<see cref="LocalRunTarget"/>) and a
/// host reached over ssh (a scratch directory made by <c>mktemp -d</c>, a script fed to <c>/bin/sh -s</c>, the
/// stat file followed with <c>tail -F</c>, files copied back when the invocation ends).
/// Paths inside a <see cref="RunArea"/> are the target's own; results always end up in the local
/// <see cref="InvocationFiles"/>.
/// </summary>
public interface IRunTarget
{
    /// <summary>What to call the machine in messages and logs.</summary>
    string Name { get; }

    /// <summary>perf as this target starts it, for the command line shown to users.</summary>
    string PerfPath { get; }

    /// <summary>Why perf cannot run on this target right now (missing, unreachable); null when it can.</summary>
    ValueTask<string?> FindProblemAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Prepares where one perf invocation writes its files (perf's <c>-o</c> file, perf.data, the workload's status).
    /// Locally that is the invocation's own result directory, so nothing needs copying afterwards.
    /// </summary>
    Task<RunArea> PrepareAreaAsync(InvocationFiles results, CancellationToken cancellationToken);

    /// <summary>
    /// Starts perf as the leader of a new process group, with its standard input closed; the workload's output goes
    /// to <see cref="InvocationFiles.WorkloadLog"/> (capped) and perf's stderr to <see cref="InvocationFiles.PerfStderr"/>
    /// as they arrive. Throws <see cref="RunTargetException"/> when perf cannot be started.
    /// </summary>
    Task<IPerfRun> StartPerfAsync(PerfStart start, CancellationToken cancellationToken);

    /// <summary>
    /// Follows a file of the area while perf writes it (perf stat's <c>-o</c> CSV, flushed every interval), handing out
    /// each whole line; when <paramref name="stop"/> is cancelled it reads what is left, hands out a last line without
    /// its newline, and returns.
    /// </summary>
    Task FollowLinesAsync(string path, Action<string> onLine, CancellationToken stop);

    /// <summary>
    /// Runs a short command to completion with its standard output streamed to <paramref name="consumeStdout"/>
    /// (perf script into the parser, perf list, a file read with <c>cat</c>). The consumer must read to the end.
    /// Throws <see cref="RunTargetException"/> when it cannot be started.
    /// </summary>
    Task<CommandResult> RunCommandAsync(TargetCommand command, Func<Stream, CancellationToken, Task> consumeStdout,
        CancellationToken cancellationToken);

    /// <summary>Copies a file of the area to a local path; false when the invocation did not write it.</summary>
    Task<bool> FetchAsync(RunArea area, string fileName, string localPath, CancellationToken cancellationToken);

    /// <summary>Removes what <see cref="PrepareAreaAsync"/> made for the invocation, once its results are local.</summary>
    Task RemoveAreaAsync(RunArea area, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a perf process group that a previous server left running, the way Stop does (SIGINT, SIGKILL after
    /// <paramref name="gracePeriod"/>), provided it still is that benchmark's perf; then every process still carrying
    /// the run's tag (<see cref="RunProcessTag"/>), which left the group by <c>setsid</c> or the like.
    /// </summary>
    Task<LeftoverEnding> EndLeftoverAsync(int groupId, Guid benchmarkId, TimeSpan gracePeriod, CancellationToken cancellationToken);
}

/// <summary>A perf started on a target: what Stop, the time limit and the runner hold on to.</summary>
public interface IPerfRun : IAsyncDisposable
{
    /// <summary>The process group id on the target (perf's pid), stored so that crash recovery can find it.</summary>
    int GroupId { get; }

    /// <summary>perf's stderr so far (its own messages only: the workload's stderr goes to the workload log).</summary>
    string StderrSoFar { get; }

    /// <summary>Raised for each line perf writes to stderr (e.g. perf record's "Captured and wrote …").</summary>
    event Action<string>? StderrLine;

    /// <summary>Asks the group to stop: SIGINT (perf still writes what it has); the first reason given is kept.</summary>
    void RequestStop(StopReason reason);

    /// <summary>SIGKILL to the whole group, for when no supervisor is left.</summary>
    void Kill();

    /// <summary>
    /// Waits for perf to exit: past <paramref name="maxDuration"/> or on <paramref name="shutdown"/> it asks the group to
    /// stop and SIGKILLs it after <paramref name="gracePeriod"/>; anything of the group left afterwards is ended.
    /// </summary>
    Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken shutdown);
}

/// <summary>Why a run was stopped before it ended on its own.</summary>
public enum StopReason
{
    None,
    /// <summary>It ran longer than the configured maximum duration.</summary>
    Timeout,
    /// <summary>A user pressed Stop.</summary>
    Cancelled,
    /// <summary>The server is shutting down.</summary>
    Shutdown,
}

/// <summary>
/// One perf invocation: the arguments after the perf executable exactly as they go to execve, the workload's extra
/// environment, and its working directory (null: the target's default).
/// </summary>
/// <param name="WorkloadStatusPath">Where the workload wrapper writes the workload's exit status, in the area.</param>
public sealed record PerfStart(
    RunArea Area,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string? WorkingDirectory,
    string WorkloadStatusPath,
    long MaxWorkloadLogBytes);

/// <summary>How a perf invocation ended.</summary>
/// <param name="WorkloadStatus">The workload's own exit status (perf exits 0 under <c>-I</c> whatever it did); null when it did not get to write it.</param>
/// <param name="EndedByTag">The run's processes found outside perf's group after it ended (by their tag) and ended.</param>
public sealed record PerfExit(int ExitCode, StopReason StopReason, string Stderr, int? WorkloadStatus,
    IReadOnlyList<TaggedProcess>? EndedByTag = null);

/// <summary>What ending a previous server's run found: its perf group still there, and the tagged processes ended.</summary>
public sealed record LeftoverEnding(bool GroupEnded, IReadOnlyList<TaggedProcess> EndedByTag)
{
    public static readonly LeftoverEnding Nothing = new(false, []);

    public bool EndedAnything => GroupEnded || EndedByTag.Count > 0;
}

/// <summary>
/// Where one invocation writes its files on the target. <paramref name="Directory"/> is a path on the target;
/// <paramref name="Results"/> is where they belong locally.
/// </summary>
public sealed record RunArea(string Directory, InvocationFiles Results)
{
    /// <summary>The target's path of a file of the invocation (one of the <see cref="BenchmarkFiles"/> names).</summary>
    public string PathOf(string fileName) => $"{Directory.TrimEnd('/')}/{fileName}";

    /// <summary>Whether perf writes straight into the local result directory (nothing to fetch or remove).</summary>
    public bool IsResultDirectory => Path.GetFullPath(Directory) == Path.GetFullPath(Results.Directory);
}

/// <summary>A short command on a target. <see cref="PerfProgram"/> as the program means the target's perf.</summary>
public sealed record TargetCommand(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>>? Environment = null,
    string? WorkingDirectory = null,
    TimeSpan? Timeout = null)
{
    public const string PerfProgram = "perf";

    public static TargetCommand Perf(IReadOnlyList<string> arguments, IReadOnlyList<KeyValuePair<string, string>>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null) =>
        new(PerfProgram, arguments, environment, workingDirectory, timeout);

    /// <summary>For messages: the program and its first argument, e.g. "perf script".</summary>
    public string ShortName => Arguments.Count > 0 ? $"{Program} {Arguments[0]}" : Program;
}

/// <summary>How a short command ended: its exit code (-1 when killed at its timeout) and the start of its stderr.</summary>
public sealed record CommandResult(int ExitCode, string Stderr, bool TimedOut);

/// <summary>A target could not do what was asked (perf not startable, host unreachable); the message says why.</summary>
public sealed class RunTargetException(string message, Exception? inner = null) : Exception(message, inner);
