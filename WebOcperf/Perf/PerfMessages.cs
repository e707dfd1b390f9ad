namespace WebOcperf.Perf;

/// <summary>Turns what perf and the workload wrapper report into sentences for the user.</summary>
public static class PerfMessages
{
    /// <summary>
    /// perf's own error text without the usage summary it appends to syntax errors
    /// (e.g. "event syntax error: 'bogus'" / "\___ parser error" / "Run 'perf list' …").
    /// </summary>
    public static string ErrorText(string stderr)
    {
        var lines = stderr.Replace("\r", "").Split('\n');
        var kept = new List<string>();
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("Usage: perf", StringComparison.Ordinal)
                || trimmed.StartsWith("usage: perf", StringComparison.Ordinal))
            {
                break;
            }
            kept.Add(line);
        }
        return string.Join('\n', kept).Trim();
    }

    /// <summary>Describes a shell exit status: 128 + N is death by signal N, 127 a command that was not found.</summary>
    public static string DescribeWorkloadStatus(int status) => status switch
    {
        0 => "the workload exited with status 0",
        127 => "the workload exited with status 127 (command not found)",
        126 => "the workload exited with status 126 (command not executable)",
        > 128 and < 160 => $"the workload was killed by signal {status - 128} ({SignalName(status - 128)}; status {status})",
        _ => $"the workload exited with status {status}",
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };
}
