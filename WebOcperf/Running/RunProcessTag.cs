using System.Text;

namespace WebOcperf.Running;

/// <summary>A process found carrying a run's tag: its pid and its command name, for the run's log.</summary>
public sealed record TaggedProcess(int Pid, string Command)
{
    public override string ToString() => $"{Pid} ({Command})";
}

/// <summary>
/// Every process of a run carries <see cref="VariableName"/>=<c>&lt;benchmark id&gt;</c> in its environment. perf
/// passes it to the workload and every descendant inherits it, whatever session or process group it makes for itself
/// (<c>setsid sleep 1222 &amp;</c> leaves perf's group, so signalling the group misses it). When a run ends, or a crashed
/// server's run is recovered, every process still carrying the tag is ended: found through
/// <c>/proc/&lt;pid&gt;/environ</c>, which holds the environment a process was started with and which only its own user
/// (or root) can read. A remote target can pass the same variable and look for it the same way.
/// </summary>
public static class RunProcessTag
{
    public const string VariableName = "WEBOCPERF_RUN";

    /// <summary>The variable to give perf (and so the whole workload) for a run.</summary>
    public static KeyValuePair<string, string> For(Guid benchmarkId) => new(VariableName, Value(benchmarkId));

    /// <summary>The tag as one environment entry, <c>WEBOCPERF_RUN=&lt;id&gt;</c>, which a host's script looks for.</summary>
    public static string Entry(Guid benchmarkId) => $"{VariableName}={Value(benchmarkId)}";

    /// <summary>
    /// The processes a host's script reports ended (<see cref="Perf.Remote.RemoteScript.EndedMarker"/> lines, a pid
    /// reported again in a later round counted once), and the rest of its output.
    /// </summary>
    public static (IReadOnlyList<TaggedProcess> Ended, string Remainder) ParseReport(string output)
    {
        var ended = new List<TaggedProcess>();
        var rest = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith(Perf.Remote.RemoteScript.EndedMarker, StringComparison.Ordinal))
            {
                rest.Append(line).Append('\n');
                continue;
            }
            var fields = line[Perf.Remote.RemoteScript.EndedMarker.Length..].Split(' ', 2);
            if (int.TryParse(fields[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && ended.All(p => p.Pid != pid))
            {
                ended.Add(new TaggedProcess(pid, fields.Length > 1 && fields[1].Trim().Length > 0 ? fields[1].Trim() : "?"));
            }
        }
        return (ended, rest.ToString());
    }

    private static string Value(Guid benchmarkId) => benchmarkId.ToString("N");

    /// <summary>The processes still carrying the run's tag (the caller's own process never does).</summary>
    public static IReadOnlyList<TaggedProcess> Find(Guid benchmarkId, string procDirectory = "/proc")
    {
        var needle = Encoding.ASCII.GetBytes($"{VariableName}={Value(benchmarkId)}\0");
        var found = new List<TaggedProcess>();
        foreach (var directory in Directory.EnumerateDirectories(procDirectory))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or another user's
                continue;
            }
            if (StartsWithOrContains(environment, needle))
            {
                found.Add(new TaggedProcess(pid, CommandOf(directory)));
            }
        }
        return found;
    }

    /// <summary>
    /// SIGKILLs every process still carrying the run's tag, again until none is left (a dying parent may fork once
    /// more), and says which were ended. Zombies carry no environment any more and are not counted.
    /// </summary>
    public static async Task<IReadOnlyList<TaggedProcess>> EndAllAsync(Guid benchmarkId, CancellationToken cancellationToken = default,
        string procDirectory = "/proc")
    {
        var ended = new List<TaggedProcess>();
        for (var round = 0; round < 10; round++)
        {
            var left = Find(benchmarkId, procDirectory);
            if (left.Count == 0)
            {
                break;
            }
            foreach (var process in left)
            {
                if (ProcessGroup.SignalProcess(process.Pid, ProcessGroup.SigKill) && ended.All(p => p.Pid != process.Pid))
                {
                    ended.Add(process);
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
        return ended;
    }

    /// <summary>The run's log line for what was ended, or null when nothing was.</summary>
    public static string? Describe(IReadOnlyList<TaggedProcess> ended) => ended.Count == 0
        ? null
        : $"WebOcperf ended {ended.Count} process{(ended.Count == 1 ? "" : "es")} of this run left running outside perf's " +
          $"process group (e.g. by setsid): {string.Join(", ", ended)}";

    /// <summary>
    /// Adds the line saying what was ended to the end of a run's workload log, where its output ends, so that whoever reads
    /// the log sees why a background job stopped.
    /// </summary>
    public static void AppendToLog(string logPath, IReadOnlyList<TaggedProcess> ended)
    {
        if (Describe(ended) is not { } line || Path.GetDirectoryName(logPath) is not { } directory || !Directory.Exists(directory))
        {
            return;
        }
        var separator = File.Exists(logPath) && new FileInfo(logPath).Length > 0 && !EndsWithNewline(logPath) ? "\n" : "";
        File.AppendAllText(logPath, $"{separator}[{line}]\n");
    }

    private static bool EndsWithNewline(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    private static bool StartsWithOrContains(byte[] environment, byte[] needle)
    {
        // each entry is NAME=value\0; the tag matches at the start or right after another entry's NUL
        var at = 0;
        while (at <= environment.Length - needle.Length)
        {
            if (environment.AsSpan(at, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
            var next = Array.IndexOf(environment, (byte)0, at);
            if (next < 0)
            {
                return false;
            }
            at = next + 1;
        }
        return false;
    }

    private static string CommandOf(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
