using System.Text.RegularExpressions;

namespace WebOcperf.Infrastructure;

/// <summary>
/// One machine of <c>WebOcperf:Hosts</c> that perf can run on over the system's OpenSSH client. Only configuration
/// names hosts: the form and the API choose one by <see cref="Name"/>, never by an ssh destination or option.
/// </summary>
public sealed partial class RemoteHostOptions
{
    /// <summary>The name the local machine goes by in the form, the API and the history; no host may take it.</summary>
    public const string LocalName = "local";

    /// <summary>What people choose in the form and send as <c>"host"</c> in the API.</summary>
    public string Name { get; set; } = "";

    /// <summary>What <c>ssh</c> takes: <c>user@host</c> or an alias of <c>~/.ssh/config</c>.</summary>
    public string Destination { get; set; } = "";

    public int? Port { get; set; }

    /// <summary>The private key to log in with (<c>ssh -i</c>); empty: ssh's own choice (agent, ~/.ssh/id_*).</summary>
    public string? IdentityFile { get; set; }

    /// <summary>The known_hosts file to check the host key against; empty: ssh's own (~/.ssh/known_hosts).</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>perf on the host: a name looked up on the remote PATH, or a path.</summary>
    public string PerfPath { get; set; } = "perf";

    /// <summary>The workload's working directory on the host; empty: the remote user's home.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Where each run's scratch directory is made on the host; empty: <c>/tmp/webocperf-USER</c>.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>
    /// How many benchmarks run on this host at once; each host has its own queue, so runs on different machines never
    /// wait for each other (the local machine's limit is <see cref="WebOcperfOptions.MaxConcurrentRuns"/>).
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>
    /// Like ocperf's EVENTMAP, for this host's event catalog: a CPU string (<c>GenuineIntel-6-55-4</c>) or a path, on
    /// this machine, of an event file. Empty: the Intel list of the CPU the host's <c>/proc/cpuinfo</c> names.
    /// </summary>
    public string? EventMap { get; set; }

    /// <summary>The problems of this entry, each naming the key, for the start-up check.</summary>
    public IEnumerable<string> Problems(int index)
    {
        var where = $"WebOcperf:Hosts:{index}";
        if (!NamePattern().IsMatch(Name))
        {
            yield return $"{where}:Name '{Name}' must start with a letter or digit and hold only letters, digits, '.', '_' and '-' (at most 64)";
        }
        else if (string.Equals(Name, LocalName, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{where}:Name '{LocalName}' is the local machine's name; choose another";
        }
        if (string.IsNullOrWhiteSpace(Destination))
        {
            yield return $"{where}:Destination is empty; give what ssh takes, e.g. user@perf-box or an alias of ~/.ssh/config";
        }
        else if (Destination.StartsWith('-') || Destination.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // a leading '-' would make ssh read it as an option
            yield return $"{where}:Destination '{Destination}' must not start with '-' or hold spaces or control characters";
        }
        if (Port is < 1 or > 65535)
        {
            yield return $"{where}:Port {Port} is not a TCP port (1-65535)";
        }
        foreach (var (key, value) in new[]
                 {
                     ("IdentityFile", IdentityFile), ("KnownHostsFile", KnownHostsFile), ("PerfPath", PerfPath),
                     ("WorkingDirectory", WorkingDirectory), ("ScratchDirectory", ScratchDirectory), ("EventMap", EventMap),
                 })
        {
            if (value is not null && value.Any(char.IsControl))
            {
                yield return $"{where}:{key} holds a control character";
            }
        }
        if (MaxConcurrentRuns < 1)
        {
            yield return $"{where}:MaxConcurrentRuns {MaxConcurrentRuns} must be at least 1";
        }
        if (string.IsNullOrWhiteSpace(PerfPath))
        {
            yield return $"{where}:PerfPath is empty; leave it out for perf on the host's PATH";
        }
        if (!string.IsNullOrEmpty(ScratchDirectory) && !ScratchDirectory.StartsWith('/'))
        {
            yield return $"{where}:ScratchDirectory '{ScratchDirectory}' must be an absolute path on the host";
        }
    }

    /// <summary>Every problem of the whole list: each entry's own, and names used twice.</summary>
    public static List<string> ProblemsOf(IReadOnlyList<RemoteHostOptions> hosts)
    {
        var problems = hosts.SelectMany((host, index) => host.Problems(index)).ToList();
        foreach (var duplicate in hosts.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"WebOcperf:Hosts: the name '{duplicate.Key}' is used by {duplicate.Count()} hosts");
        }
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex NamePattern();
}
