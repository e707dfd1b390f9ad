using WebOcperf.Infrastructure;

namespace WebOcperf.Running.Remote;

/// <summary>Turns ssh's own failures (exit status 255 and its messages) into words that name the host and the fix.</summary>
public static class SshErrors
{
    /// <summary>ssh's status when it failed itself rather than the remote command.</summary>
    public const int SshFailed = 255;

    public static string? Describe(RemoteHostOptions host, int exitCode, string stderr)
    {
        if (exitCode != SshFailed)
        {
            return null;
        }
        var name = host.Name;
        var where = host.Port is { } port ? $"{host.Destination} port {port}" : host.Destination;
        bool Has(string text) => stderr.Contains(text, StringComparison.OrdinalIgnoreCase);
        if (Has("REMOTE HOST IDENTIFICATION HAS CHANGED") || Has("Host key for") && Has("has changed"))
        {
            return $"the host key of {name} ({where}) has CHANGED since it was recorded in known_hosts: either the machine was " +
                "reinstalled or someone is in between. Check with its administrator, then remove the old key " +
                $"(ssh-keygen -R {HostPart(host)}{KnownHostsHint(host)}) and connect once by hand to accept the new one.";
        }
        if (Has("Host key verification failed") || Has("No ") && Has("host key is known"))
        {
            return $"the host key of {name} ({where}) is not known: connect once by hand (ssh {SshHint(host)}) and accept it, " +
                $"or add it with ssh-keyscan{(host.Port is { } p ? $" -p {p}" : "")} {HostPart(host)} >> {host.KnownHostsFile ?? "~/.ssh/known_hosts"}.";
        }
        if (Has("Permission denied"))
        {
            return $"{name} ({where}) refused the login: no key was accepted. WebOcperf logs in with keys or an agent only " +
                "(BatchMode); install a public key in the remote ~/.ssh/authorized_keys" +
                (string.IsNullOrEmpty(host.IdentityFile) ? "" : $" matching {host.IdentityFile}") + ".";
        }
        if (Has("Connection refused"))
        {
            return $"{name} ({where}) refused the connection: is sshd running there, and is the port right?";
        }
        if (Has("timed out") || Has("Timeout"))
        {
            return $"{name} ({where}) did not answer (timed out): is it switched on and reachable from here?";
        }
        if (Has("Could not resolve hostname"))
        {
            return $"the name in {name}'s destination ({where}) is not known here (DNS or ~/.ssh/config).";
        }
        if (Has("closed by remote host") || Has("Connection reset") || Has("Broken pipe") || Has("not responding"))
        {
            return $"the connection to {name} ({where}) was lost.";
        }
        var message = stderr.Trim();
        return $"ssh could not reach {name} ({where})" + (message.Length > 0 ? $": {LastLine(message)}" : ".");
    }

    private static string HostPart(RemoteHostOptions host)
    {
        var destination = host.Destination;
        var at = destination.LastIndexOf('@');
        var hostName = at >= 0 ? destination[(at + 1)..] : destination;
        return host.Port is { } port ? $"'[{hostName}]:{port}'" : hostName;
    }

    private static string KnownHostsHint(RemoteHostOptions host) =>
        string.IsNullOrEmpty(host.KnownHostsFile) ? "" : $" -f {host.KnownHostsFile}";

    private static string SshHint(RemoteHostOptions host) =>
        (host.Port is { } port ? $"-p {port} " : "") + host.Destination;

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? text : lines[^1];
    }
}
