using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Remote;

namespace WebOcperf.Running.Remote;

/// <summary>What a finished ssh command printed, and how it ended.</summary>
/// <param name="ExitCode">The remote script's status, or 255 when ssh itself failed (see <see cref="ConnectionError"/>).</param>
/// <param name="ConnectionError">
/// ssh's own failure in words naming the host and the fix (unreachable, host key unknown or changed, login refused);
/// null when the script ran.
/// </param>
public sealed record SshResult(int ExitCode, string Stdout, string Stderr, string? ConnectionError)
{
    public bool Succeeded => ConnectionError is null && ExitCode == 0;
}

/// <summary>
/// Runs scripts on configured hosts through the system's OpenSSH client, one shared connection per host (ControlMaster
/// with its socket in the data directory), and closes those connections when the server stops (<c>ssh -O exit</c>).
/// </summary>
public sealed partial class SshClient(IOptions<WebOcperfOptions> options, ILogger<SshClient> logger) : IHostedService
{
    private const int MaxCapturedChars = 256 * 1024;

    private readonly WebOcperfOptions settings = options.Value;

    /// <summary>The directory of the control sockets; short, as a socket path may hold at most 107 bytes.</summary>
    public string ControlDirectory => Path.Combine(settings.ResolveDataDirectory(), "ssh");

    public RemoteHostOptions? Find(string? hostName) => settings.FindHost(hostName);

    public IReadOnlyList<RemoteHostOptions> Hosts => settings.Hosts;

    public SshEndpoint EndpointOf(RemoteHostOptions host) => new(
        host.Destination, host.Port, NullIfEmpty(host.IdentityFile), NullIfEmpty(host.KnownHostsFile),
        ControlPathOf(host), settings.SshConnectTimeout, settings.SshControlPersist);

    /// <summary>
    /// One socket per configured host and its ssh settings, short whatever the names (a socket path holds at most 107
    /// bytes). Not ssh's own %C, which hashes only the endpoints: two hosts with one destination but another known_hosts
    /// or key would share a connection, and the second would skip its own host-key check.
    /// </summary>
    private string ControlPathOf(RemoteHostOptions host)
    {
        var identity = string.Join('\n', host.Name, host.Destination, host.Port, host.IdentityFile, host.KnownHostsFile);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        return Path.Combine(ControlDirectory, hash[..16]);
    }

    /// <summary>
    /// Starts <c>ssh … /bin/sh -s</c> with <paramref name="script"/> written to its stdin (then closed); the caller reads
    /// stdout and stderr. ssh is its own process group leader's child: Ctrl-C in the server's terminal does not reach it.
    /// </summary>
    public Process Start(RemoteHostOptions host, string script)
    {
        var process = StartSsh(SshArguments.Script(EndpointOf(host)));
        // UTF-8 without a byte-order mark: /bin/sh would read one as part of the first command
        var stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)) { NewLine = "\n" };
        try
        {
            stdin.Write(script);
            stdin.Flush();
            stdin.Close();
        }
        catch (IOException)
        {
            // ssh exited before reading its input (unreachable host): its exit status and stderr say why
        }
        return process;
    }

    /// <summary>Starts ssh with these arguments (each its own argv entry) and every stream redirected.</summary>
    private Process StartSsh(IEnumerable<string> arguments)
    {
        Directory.CreateDirectory(ControlDirectory);
        var startInfo = new ProcessStartInfo(settings.SshPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return Process.Start(startInfo)!;
    }

    /// <summary>Runs a short script and collects what it printed; a hung host ends at <paramref name="timeout"/>.</summary>
    public async Task<SshResult> RunAsync(RemoteHostOptions host, string script, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Start(host, script);
        }
        catch (Win32Exception e)
        {
            return new SshResult(255, "", "", $"{settings.SshPath} could not be started ({e.Message}); install openssh-client or set WebOcperf:SshPath");
        }
        using (process)
        {
            var started = Stopwatch.GetTimestamp();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var stdout = ReadLimitedAsync(process.StandardOutput);
            var stderr = ReadLimitedAsync(process.StandardError);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return new SshResult(255, await stdout, await stderr, $"{host.Name} did not answer within {timeout.TotalSeconds:0} s");
            }
            var errorText = await stderr;
            LogCommandTook(host.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, FirstCommand(script));
            return new SshResult(process.ExitCode, await stdout, errorText, SshErrors.Describe(host, process.ExitCode, errorText));
        }
    }

    /// <summary>A script's first line that does something, to tell commands apart in the log.</summary>
    private static string FirstCommand(string script) =>
        Perf.TextPreview.Shorten(script.Split('\n').FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? "");

    [LoggerMessage(Level = LogLevel.Debug, Message = "ssh command on {Host} took {Milliseconds:0.0} ms: {Command}")]
    private partial void LogCommandTook(string host, double milliseconds, string command);

    /// <summary>
    /// Runs a script whose stdout is a file's bytes, copying them to <paramref name="destination"/> as they come;
    /// returns how it ended.
    /// </summary>
    public async Task<SshResult> CopyOutAsync(RemoteHostOptions host, string script, Stream destination, CancellationToken cancellationToken)
    {
        using var process = Start(host, script);
        var stderr = ReadLimitedAsync(process.StandardError);
        try
        {
            await process.StandardOutput.BaseStream.CopyToAsync(destination, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        var errorText = await stderr;
        return new SshResult(process.ExitCode, "", errorText, SshErrors.Describe(host, process.ExitCode, errorText));
    }

    /// <summary>
    /// Copies a local stream to a file on the host. The remote command is <c>cat &gt; PATH</c>, the only one not fed to
    /// /bin/sh -s (its stdin is the data): the caller gives a path of plain characters, which every login shell reads
    /// as one word.
    /// </summary>
    public async Task<SshResult> CopyInAsync(RemoteHostOptions host, string remotePath, Stream source, CancellationToken cancellationToken)
    {
        if (!remotePath.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-'))
        {
            throw new ArgumentException($"'{remotePath}' is not a plain path", nameof(remotePath));
        }
        using var process = StartSsh([.. SshArguments.Options(EndpointOf(host)), "--", host.Destination, $"cat > {remotePath}"]);
        var stderr = ReadLimitedAsync(process.StandardError);
        var stdout = ReadLimitedAsync(process.StandardOutput);
        try
        {
            await source.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // ssh ended early: its status and stderr say why
        }
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        var errorText = await stderr;
        return new SshResult(process.ExitCode, "", errorText, SshErrors.Describe(host, process.ExitCode, errorText));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>At shutdown every shared connection is closed, so that no ssh master outlives the server.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(ControlDirectory))
        {
            return;
        }
        await Task.WhenAll(settings.Hosts.Select(host => ExitMasterAsync(host, cancellationToken)));
    }

    /// <summary><c>ssh -O exit</c>: ends the host's shared connection (nothing happens when there is none).</summary>
    public async Task ExitMasterAsync(RemoteHostOptions host, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(settings.SshPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in SshArguments.Control(EndpointOf(host), "exit"))
        {
            startInfo.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(startInfo)!;
            process.StandardInput.Close();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode == 0)
            {
                LogConnectionClosed(host.Name);
            }
        }
        catch (Exception e) when (e is Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            LogConnectionNotClosed(host.Name, e.Message);
        }
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (text.Length < MaxCapturedChars)
            {
                text.Append(buffer, 0, Math.Min(read, MaxCapturedChars - text.Length));
            }
        }
        return text.ToString();
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the shared ssh connection to {Host}")]
    private partial void LogConnectionClosed(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared ssh connection to {Host} could not be closed: {Reason}")]
    private partial void LogConnectionNotClosed(string host, string reason);
}
