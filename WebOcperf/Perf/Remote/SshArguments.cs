using System.Globalization;

namespace WebOcperf.Perf.Remote;

/// <summary>Where and how to reach one host: what configuration says, in ssh's terms.</summary>
/// <param name="Destination">What ssh takes: <c>user@host</c> or a <c>~/.ssh/config</c> alias (never starting with '-').</param>
/// <param name="ControlPath">The control socket of the shared connection (in the data directory).</param>
public sealed record SshEndpoint(
    string Destination,
    int? Port,
    string? IdentityFile,
    string? KnownHostsFile,
    string ControlPath,
    TimeSpan ConnectTimeout,
    TimeSpan ControlPersist);

/// <summary>
/// The argument lists given to the system's <c>ssh</c>, so that <c>~/.ssh/config</c>, agents, ProxyJump and known_hosts
/// work as for the user's own ssh. Every command runs the same <c>/bin/sh -s</c> on the host, whatever the login shell
/// (fish, tcsh): the script goes on ssh's standard input, never on its command line.
/// </summary>
public static class SshArguments
{
    /// <summary>What the login shell on the host is asked to run: a POSIX shell reading the script from stdin.</summary>
    public const string RemoteShell = "/bin/sh -s";

    /// <summary>
    /// How often an idle connection is probed; with <see cref="ServerAliveCountMax"/> a silently dropped link is noticed
    /// within 15 seconds.
    /// </summary>
    public const int ServerAliveInterval = 5;

    public const int ServerAliveCountMax = 3;

    /// <summary>The options every ssh command gets, before the destination.</summary>
    public static List<string> Options(SshEndpoint endpoint)
    {
        var arguments = new List<string>
        {
            // keys or an agent only: a password or passphrase prompt would hang a run
            "-o", "BatchMode=yes",
            // an unknown or changed host key is an error, never a question
            "-o", "StrictHostKeyChecking=yes",
            "-o", $"ConnectTimeout={Seconds(endpoint.ConnectTimeout)}",
            // one connection for a run's several commands (the run, the live file, stop, copies)
            "-o", "ControlMaster=auto",
            "-o", $"ControlPath={endpoint.ControlPath}",
            "-o", $"ControlPersist={Seconds(endpoint.ControlPersist)}",
            "-o", $"ServerAliveInterval={ServerAliveInterval}",
            "-o", $"ServerAliveCountMax={ServerAliveCountMax}",
            // no terminal: the workload's output is a byte stream, and no escape character may be read from it
            "-T", "-e", "none",
        };
        if (endpoint.Port is { } port)
        {
            arguments.Add("-p");
            arguments.Add(port.ToString(CultureInfo.InvariantCulture));
        }
        if (!string.IsNullOrEmpty(endpoint.IdentityFile))
        {
            arguments.Add("-o");
            arguments.Add($"IdentityFile={endpoint.IdentityFile}");
            arguments.Add("-o");
            arguments.Add("IdentitiesOnly=yes");
        }
        if (!string.IsNullOrEmpty(endpoint.KnownHostsFile))
        {
            arguments.Add("-o");
            arguments.Add($"UserKnownHostsFile={endpoint.KnownHostsFile}");
        }
        return arguments;
    }

    /// <summary><c>ssh OPTIONS -- DESTINATION /bin/sh -s</c>: the script follows on standard input.</summary>
    public static IReadOnlyList<string> Script(SshEndpoint endpoint) =>
        [.. Options(endpoint), "--", endpoint.Destination, RemoteShell];

    /// <summary><c>ssh -O exit</c> (or <c>check</c>): asks the shared connection's master process to end or answer.</summary>
    public static IReadOnlyList<string> Control(SshEndpoint endpoint, string operation) =>
        [.. Options(endpoint), "-O", operation, "--", endpoint.Destination];

    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
