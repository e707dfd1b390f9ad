using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>
/// This machine as a run target: perf runs here under <c>setsid</c> (<see cref="LocalPerfProcess"/>), writes straight
/// into the invocation's result directory, and its stat file is followed with inotify.
/// </summary>
public sealed class LocalRunTarget : IRunTarget
{
    private const int MaxStderrChars = 16 * 1024;

    private readonly string? perfPath;
    private readonly string? problem;
    private readonly string defaultWorkingDirectory;

    public LocalRunTarget(PerfInstallation perf, IOptions<WebOcperfOptions> options)
        : this(perf.ExecutablePath, perf.Problem, options.Value.ResolveWorkingDirectory(), options.Value.PerfPath)
    {
    }

    /// <param name="perfPath">The full path of perf, or null when it is missing (then <paramref name="problem"/> says why).</param>
    /// <param name="configuredPerfPath">What the configuration names, for the command line when perf is missing.</param>
    public LocalRunTarget(string? perfPath, string? problem, string defaultWorkingDirectory, string configuredPerfPath = "perf")
    {
        this.perfPath = perfPath;
        this.problem = perfPath is null ? problem ?? $"perf was not found (PerfPath is '{configuredPerfPath}')." : null;
        this.defaultWorkingDirectory = defaultWorkingDirectory;
        PerfPath = perfPath ?? configuredPerfPath;
    }

    public string Name => "this machine";

    public string PerfPath { get; }

    public ValueTask<string?> FindProblemAsync(CancellationToken cancellationToken) => ValueTask.FromResult(problem);

    public Task<RunArea> PrepareAreaAsync(InvocationFiles results, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(results.Directory);
        return Task.FromResult(new RunArea(results.Directory, results));
    }

    public Task<IPerfRun> StartPerfAsync(PerfStart start, CancellationToken cancellationToken)
    {
        if (perfPath is null)
        {
            throw new RunTargetException(problem!);
        }
        try
        {
            IPerfRun run = LocalPerfProcess.Start(perfPath, start, start.WorkingDirectory ?? defaultWorkingDirectory);
            return Task.FromResult(run);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new RunTargetException($"perf could not be started: {e.Message}", e);
        }
    }

    public Task FollowLinesAsync(string path, Action<string> onLine, CancellationToken stop) =>
        new FileLineFollower(path, onLine).FollowAsync(stop);

    public async Task<CommandResult> RunCommandAsync(TargetCommand command, Func<Stream, CancellationToken, Task> consumeStdout,
        CancellationToken cancellationToken)
    {
        var program = command.Program == TargetCommand.PerfProgram
            ? perfPath ?? throw new RunTargetException(problem!)
            : command.Program;
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory ?? defaultWorkingDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in command.Environment ?? [])
        {
            startInfo.Environment[name] = value;
        }
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new RunTargetException($"cannot run {program} {command.Arguments.FirstOrDefault()}: {e.Message}".TrimEnd(), e);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (command.Timeout is { } timeout)
        {
            limit.CancelAfter(timeout);
        }
        var stderr = ReadLimitedAsync(process.StandardError);
        try
        {
            await consumeStdout(process.StandardOutput.BaseStream, limit.Token);
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new CommandResult(-1, await stderr, TimedOut: true);
        }
        catch
        {
            // a blocked read of the pipe only ends when the command does
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CommandResult(process.ExitCode, await stderr, TimedOut: false);
    }

    public async Task<bool> FetchAsync(RunArea area, string fileName, string localPath, CancellationToken cancellationToken)
    {
        var source = area.PathOf(fileName);
        if (!File.Exists(source))
        {
            return false;
        }
        if (Path.GetFullPath(source) != Path.GetFullPath(localPath))
        {
            await using var from = File.OpenRead(source);
            await using var to = File.Create(localPath);
            await from.CopyToAsync(to, cancellationToken);
        }
        return true;
    }

    public Task RemoveAreaAsync(RunArea area, CancellationToken cancellationToken)
    {
        // the results were written in place; there is no scratch copy to remove
        if (!area.IsResultDirectory && Directory.Exists(area.Directory))
        {
            Directory.Delete(area.Directory, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <remarks>
    /// SIGINT first, so that perf record finishes perf.data (a SIGKILLed recording has no valid header and reads as
    /// empty) and perf stat writes its last lines; SIGKILL only if the group is still running after the grace period.
    /// The tagged processes are looked for even when the group is gone: a setsid child outlives it.
    /// </remarks>
    public async Task<LeftoverEnding> EndLeftoverAsync(int groupId, Guid benchmarkId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var groupEnded = false;
        if (ProcessGroup.IsAlive(groupId) && IsPerfOf(groupId, benchmarkId))
        {
            ProcessGroup.Signal(groupId, ProcessGroup.SigInt);
            if (!await ProcessGroup.WaitUntilNoneRunAsync(groupId, gracePeriod, cancellationToken))
            {
                ProcessGroup.Signal(groupId, ProcessGroup.SigKill);
            }
            groupEnded = true;
        }
        return new LeftoverEnding(groupEnded, await RunProcessTag.EndAllAsync(benchmarkId, cancellationToken));
    }

    /// <summary>
    /// Whether the group's leader is still the perf that ran this benchmark: after a reboot the number may belong to
    /// anyone's process group. perf's command line names the benchmark's directory.
    /// </summary>
    private static bool IsPerfOf(int groupId, Guid benchmarkId)
    {
        try
        {
            return File.ReadAllText($"/proc/{groupId}/cmdline").Contains(benchmarkId.ToString("N"), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (text.Length < MaxStderrChars)
            {
                text.AppendLine(line);
            }
        }
        return text.ToString();
    }
}
