using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf;
using WebOcperf.Perf.Remote;

namespace WebOcperf.Running.Remote;

/// <summary>
/// A configured host as a run target, over its shared ssh connection: each invocation gets a scratch directory of its
/// own on the host, named here at random and made by the script that starts perf (one command to start a run); perf runs there under <c>setsid</c> from a script fed to <c>/bin/sh -s</c>; perf stat's
/// file is followed with <c>tail -F</c> over a second command; files are copied back with <c>cat</c> and the scratch
/// directory removed. Local files of the data directory named in a command (perf script's <c>-i perf.data</c>) are
/// copied to the host first, so that perf script resolves symbols where the binaries are.
/// </summary>
public sealed partial class SshRunTarget(RemoteHostOptions host, SshClient ssh, HostChecks checks, BenchmarkFiles files,
    IOptions<WebOcperfOptions> options, TimeProvider time, ILogger<SshRunTarget> logger) : IRunTarget
{
    /// <summary>Remote paths made by mktemp in a directory with plain characters: safe as one word of any login shell.</summary>
    private static readonly Regex PlainPath = PlainPathPattern();

    private readonly WebOcperfOptions settings = options.Value;
    private readonly string dataRoot = Path.GetFullPath(options.Value.ResolveDataDirectory());

    /// <summary>The perf started in each area (its group, and its local files), for the follower.</summary>
    private readonly ConcurrentDictionary<string, (int Group, RunArea Area)> startedByArea = new(StringComparer.Ordinal);

    /// <summary>Groups left on the host when it could not be reached, ended at its next successful check.</summary>
    private readonly ConcurrentDictionary<int, Guid> leftovers = new();

    public string Name => host.Name;

    public string PerfPath => string.IsNullOrWhiteSpace(host.PerfPath) ? "perf" : host.PerfPath;

    public RemoteHostOptions Host => host;

    /// <summary>The preflight: reachable, known host key, login accepted, perf there (cached briefly).</summary>
    public async ValueTask<string?> FindProblemAsync(CancellationToken cancellationToken)
    {
        var problem = (await checks.CheckAsync(host.Name, fresh: false, cancellationToken)).Problem;
        if (problem is null && !leftovers.IsEmpty)
        {
            await EndRememberedLeftoversAsync(cancellationToken);
        }
        return problem;
    }

    /// <summary>A run's group that could not be ended because the host was unreachable: ended once it answers again.</summary>
    public void RememberLeftover(int group, Guid benchmarkId) => leftovers[group] = benchmarkId;

    private async Task EndRememberedLeftoversAsync(CancellationToken cancellationToken)
    {
        foreach (var (group, benchmarkId) in leftovers.ToArray())
        {
            try
            {
                await EndLeftoverAsync(group, benchmarkId, settings.StopGracePeriod, cancellationToken);
                leftovers.TryRemove(group, out _);
            }
            catch (RunTargetException e)
            {
                LogLeftoverStillThere(host.Name, group, e.Message);
            }
        }
    }

    /// <summary>
    /// Scratch directories named but not made yet, with their parent: the run's start script makes its own, so that
    /// starting a run costs one command on the host, and one that never runs (the command line's) costs none.
    /// </summary>
    private readonly ConcurrentDictionary<string, string> unmadeAreas = new(StringComparer.Ordinal);

    public async Task<RunArea> PrepareAreaAsync(InvocationFiles results, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(results.Directory);
        if (ScratchParent() is { } parent)
        {
            // like mktemp's XXXXXXXX: eight random letters and digits; the start script's mkdir refuses a name taken
            var named = $"{parent}/{ScratchPrefix(results.BenchmarkId)}.{RandomNumberGenerator.GetString(ScratchNameCharacters, 8)}";
            unmadeAreas[named] = parent;
            return new RunArea(named, results);
        }
        var script = RemoteScript.MakeScratch(host.ScratchDirectory, ScratchPrefix(results.BenchmarkId), settings.RemoteMinimumFreeBytes);
        var result = await ssh.RunAsync(host, script, CommandTimeout, cancellationToken);
        var path = result.Stdout.Trim();
        if (result.ConnectionError is { } error)
        {
            throw new RunTargetException(error);
        }
        if (result.ExitCode != 0 || !path.StartsWith('/'))
        {
            throw new RunTargetException($"{host.Name}: {FirstLine(result.Stderr, "no scratch directory could be made")}");
        }
        return new RunArea(path, results);
    }

    private const string ScratchNameCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Where scratch directories go on the host, when it is known without asking: the configured one, or the default
    /// <c>/tmp/webocperf-USER</c> with the user of the host's last check; null when a plain path cannot be told.
    /// </summary>
    private string? ScratchParent()
    {
        var parent = !string.IsNullOrEmpty(host.ScratchDirectory)
            ? host.ScratchDirectory.TrimEnd('/')
            : checks.Cached(host.Name)?.Facts?.User is { Length: > 0 } user ? $"/tmp/webocperf-{user}" : null;
        return parent is { Length: > 0 } && PlainPath.IsMatch(parent) ? parent : null;
    }

    /// <summary>The start of a run's scratch directory name: perf's command line names it, which recovery checks.</summary>
    private static string ScratchPrefix(Guid benchmarkId) => $"run.{benchmarkId:N}";

    public async Task<IPerfRun> StartPerfAsync(PerfStart start, CancellationToken cancellationToken)
    {
        var script = RemoteScript.StartPerf(PerfPath, start.Arguments, start.Environment,
            start.WorkingDirectory ?? host.WorkingDirectory);
        if (unmadeAreas.TryRemove(start.Area.Directory, out var parent))
        {
            script = RemoteScript.MakeNamedScratch(parent, start.Area.Directory, settings.RemoteMinimumFreeBytes) + script;
        }
        try
        {
            return await RemotePerfRun.StartAsync(this, ssh, script, start,
                group => startedByArea[start.Area.Directory] = (group, start.Area),
                settings.RemoteReconnectWindow, CommandTimeout, time, logger);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RunTargetException($"{settings.SshPath} could not be started ({e.Message}); install openssh-client or set WebOcperf:SshPath", e);
        }
    }

    /// <summary>
    /// <c>tail -F</c> of the remote file from its first byte, over the shared connection, each line handed out as it
    /// arrives; tail ends by itself shortly after perf's process (<c>--pid</c>), having printed the rest.
    /// </summary>
    public async Task FollowLinesAsync(string path, Action<string> onLine, CancellationToken stop)
    {
        var areaDirectory = path[..path.LastIndexOf('/')];
        // perf's group is known once the run's script said so: the follower starts right after that
        var started = startedByArea.TryGetValue(areaDirectory, out var known) ? known : ((int, RunArea)?)null;
        using var process = ssh.Start(host, RemoteScript.Follow(path, started?.Item1));
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // what arrives is also kept locally as it comes, so that a lost connection keeps the data so far
        await using var copy = started is { } s
            ? new FileStream(s.Item2.Results.PathOf(path[(path.LastIndexOf('/') + 1)..]), FileMode.Create, FileAccess.Write, FileShare.ReadWrite)
            : null;
        var reader = new LineSplitter(onLine);
        var buffer = new byte[64 * 1024];
        var stream = process.StandardOutput.BaseStream;
        using var drain = new CancellationTokenSource();
        using var stopRegistration = stop.Register(() => drain.CancelAfter(DrainTimeout));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, drain.Token)) > 0)
            {
                if (copy is not null)
                {
                    await copy.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                    await copy.FlushAsync(CancellationToken.None);
                }
                reader.Add(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException)
        {
            // tail did not end within the drain time after perf: what arrived is kept
            KillQuietly(process);
        }
        reader.Finish();
        await process.WaitForExitAsync(CancellationToken.None);
        await stderr;
        startedByArea.TryRemove(areaDirectory, out _);
    }

    public async Task<CommandResult> RunCommandAsync(TargetCommand command, Func<Stream, CancellationToken, Task> consumeStdout,
        CancellationToken cancellationToken)
    {
        var program = command.Program == TargetCommand.PerfProgram ? PerfPath : command.Program;
        var staging = await StageLocalFilesAsync(command.Arguments, cancellationToken);
        try
        {
            var script = RemoteScript.Command(program, staging.Arguments, command.Environment ?? [],
                staging.Directory ?? host.WorkingDirectory);
            using var process = ssh.Start(host, script);
            var stderr = ReadLimitedAsync(process.StandardError);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (command.Timeout is { } timeout)
            {
                limit.CancelAfter(timeout);
            }
            try
            {
                await consumeStdout(process.StandardOutput.BaseStream, limit.Token);
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                KillQuietly(process);
                return new CommandResult(-1, await stderr, TimedOut: true);
            }
            catch
            {
                KillQuietly(process);
                throw;
            }
            var errors = await stderr;
            if (SshErrors.Describe(host, process.ExitCode, errors) is { } connectionError)
            {
                throw new RunTargetException(connectionError);
            }
            return new CommandResult(process.ExitCode, errors, TimedOut: false);
        }
        finally
        {
            if (staging.Directory is not null)
            {
                await ssh.RunAsync(host, RemoteScript.RemoveScratch(staging.Directory), CommandTimeout, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Copies local files of the data directory that a command names to a scratch directory on the host, and names the
    /// copies instead; commands that name none run as they are.
    /// </summary>
    private async Task<(IReadOnlyList<string> Arguments, string? Directory)> StageLocalFilesAsync(IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var local = arguments.Select((a, i) => (Argument: a, Index: i))
            .Where(a => a.Argument.StartsWith(dataRoot + "/", StringComparison.Ordinal) && File.Exists(a.Argument)).ToList();
        if (local.Count == 0)
        {
            return (arguments, null);
        }
        var made = await ssh.RunAsync(host, RemoteScript.MakeScratch(host.ScratchDirectory, "copy", 0), CommandTimeout, cancellationToken);
        if (made.ConnectionError is { } error)
        {
            throw new RunTargetException($"{error} The recording's symbols are resolved on {host.Name}, where its binaries are.");
        }
        var directory = made.Stdout.Trim();
        if (made.ExitCode != 0 || !PlainPath.IsMatch(directory))
        {
            throw new RunTargetException($"{host.Name}: {FirstLine(made.Stderr, "no scratch directory could be made")}");
        }
        var replaced = arguments.ToArray();
        for (var i = 0; i < local.Count; i++)
        {
            var remote = $"{directory}/{i}-{(Path.GetFileName(local[i].Argument) is var name && PlainPath.IsMatch(name) ? name : "file")}";
            await using var source = File.OpenRead(local[i].Argument);
            var copied = await ssh.CopyInAsync(host, remote, source, cancellationToken);
            if (!copied.Succeeded)
            {
                throw new RunTargetException(copied.ConnectionError ?? $"{host.Name}: copying {Path.GetFileName(local[i].Argument)} failed: {FirstLine(copied.Stderr, "")}");
            }
            replaced[local[i].Index] = remote;
        }
        return (replaced, directory);
    }

    public async Task<bool> FetchAsync(RunArea area, string fileName, string localPath, CancellationToken cancellationToken)
    {
        var partial = localPath + ".copying";
        SshResult result;
        await using (var file = File.Create(partial))
        {
            result = await ssh.CopyOutAsync(host, RemoteScript.CatIfExists(area.PathOf(fileName)), file, cancellationToken);
        }
        if (result.ExitCode == RemoteScript.MissingFileStatus || !result.Succeeded)
        {
            File.Delete(partial);
            if (result.ConnectionError is { } error)
            {
                LogFetchFailed(host.Name, fileName, error);
            }
            return false;
        }
        File.Move(partial, localPath, overwrite: true);
        return true;
    }

    public async Task RemoveAreaAsync(RunArea area, CancellationToken cancellationToken)
    {
        if (unmadeAreas.TryRemove(area.Directory, out _))
        {
            return;
        }
        var result = await ssh.RunAsync(host, RemoteScript.RemoveScratch(area.Directory), CommandTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            LogRemoveFailed(host.Name, area.Directory, result.ConnectionError ?? result.Stderr.Trim());
        }
    }

    /// <summary>
    /// Ends a group left on the host if its leader still names this benchmark's scratch directory, and the processes on
    /// the host still carrying the run's tag; then brings home what that run wrote (its scratch directories are found by
    /// their name) and removes them.
    /// </summary>
    public async Task<LeftoverEnding> EndLeftoverAsync(int groupId, Guid benchmarkId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(gracePeriod.TotalSeconds));
        var result = await ssh.RunAsync(host,
            RemoteScript.EndLeftoverGroup(ScratchPrefix(benchmarkId), groupId, seconds, RunProcessTag.Entry(benchmarkId)),
            CommandTimeout + gracePeriod, cancellationToken);
        if (result.ConnectionError is { } error)
        {
            throw new RunTargetException(error);
        }
        await FetchLeftoverFilesAsync(benchmarkId, cancellationToken);
        var (endedByTag, rest) = RunProcessTag.ParseReport(result.Stdout);
        return new LeftoverEnding(rest.Trim() == "ended", endedByTag);
    }

    private async Task FetchLeftoverFilesAsync(Guid benchmarkId, CancellationToken cancellationToken)
    {
        var found = await ssh.RunAsync(host, RemoteScript.FindScratch(host.ScratchDirectory, ScratchPrefix(benchmarkId)),
            CommandTimeout, cancellationToken);
        foreach (var directory in found.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var area = new RunArea(directory, files.Invocation(benchmarkId));
            Directory.CreateDirectory(area.Results.Directory);
            foreach (var name in new[] { BenchmarkFiles.StatCsvName, BenchmarkFiles.PerfDataName, BenchmarkFiles.WorkloadStatusName })
            {
                await FetchAsync(area, name, area.Results.PathOf(name), cancellationToken);
            }
            await RemoveAreaAsync(area, cancellationToken);
        }
    }

    /// <summary>How long a short command (mkdir, cat of a small file, kill) may take, including connecting.</summary>
    internal TimeSpan CommandTimeout => settings.SshConnectTimeout + TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    internal static void KillQuietly(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // it ended meanwhile
        }
    }

    private static string FirstLine(string text, string fallback)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? fallback : line;
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (text.Length < 16 * 1024)
            {
                text.AppendLine(line);
            }
        }
        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9/._-]+$")]
    private static partial Regex PlainPathPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: the perf group {Group} left there could not be ended yet: {Reason}")]
    private partial void LogLeftoverStillThere(string host, int group, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: {File} could not be copied back: {Reason}")]
    private partial void LogFetchFailed(string host, string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: the scratch directory {Directory} could not be removed: {Reason}")]
    private partial void LogRemoveFailed(string host, string directory, string reason);
}

/// <summary>Splits bytes into UTF-8 lines; a last line without its newline is handed out at the end.</summary>
internal sealed class LineSplitter(Action<string> onLine)
{
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder partial = new();
    private char[] chars = new char[1024];

    public void Add(ReadOnlySpan<byte> bytes)
    {
        var needed = decoder.GetCharCount(bytes, flush: false);
        if (needed > chars.Length)
        {
            chars = new char[Math.Max(needed, chars.Length * 2)];
        }
        var count = decoder.GetChars(bytes, chars, flush: false);
        var text = chars.AsSpan(0, count);
        while (true)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                partial.Append(text);
                return;
            }
            partial.Append(text[..newline]);
            onLine(partial.ToString());
            partial.Clear();
            text = text[(newline + 1)..];
        }
    }

    public void Finish()
    {
        if (partial.Length > 0)
        {
            onLine(partial.ToString());
            partial.Clear();
        }
    }
}
