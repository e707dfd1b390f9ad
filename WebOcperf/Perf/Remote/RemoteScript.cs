using System.Text;

namespace WebOcperf.Perf.Remote;

/// <summary>
/// Builds the <c>/bin/sh</c> scripts run on a host. Every word that comes from a user or from configuration is quoted
/// for /bin/sh (<see cref="ShellQuoting.Quote"/>: single quotes, which keep spaces, <c>$</c>, <c>;</c>, newlines and any
/// UTF-8 byte as they are); only the scratch directory, which <c>mktemp -d</c> makes on the host, is a shell variable.
/// </summary>
public static class RemoteScript
{
    /// <summary>
    /// Marks an argument as a path inside the run's scratch directory: <c>InScratch("perf.data")</c> becomes
    /// <c>"$scratch"/perf.data</c> on the host. It holds a NUL, which no workload, event or value can contain.
    /// </summary>
    public const string ScratchToken = "\0scratch\0/";

    /// <summary>What the run script writes on stderr first, then after perf: markers the client takes out of perf's messages.</summary>
    public const string ScratchMarker = "webocperf-scratch ";

    public const string ExitMarker = "webocperf-exit ";

    /// <summary>The file in the scratch directory where the wrapper writes its process group id (perf's pid).</summary>
    public const string GroupIdFile = "process-group";

    /// <summary>Exit status of the script when the scratch directory or working directory could not be used.</summary>
    public const int SetupFailedStatus = 97;

    public static string InScratch(string fileName) => ScratchToken + fileName;

    /// <summary>A word for /bin/sh: quoted, or <c>"$scratch"/name</c> for a path made with <see cref="InScratch"/>.</summary>
    public static string Word(string argument) =>
        argument.StartsWith(ScratchToken, StringComparison.Ordinal)
            ? "\"$scratch\"/" + ShellQuoting.Quote(argument[ScratchToken.Length..])
            : ShellQuoting.Quote(argument);

    public static string Words(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Word));

    /// <summary>The scratch directory's parent: the configured one, or a folder of the remote user's own under /tmp.</summary>
    private static string ScratchParent(string? configured) =>
        string.IsNullOrEmpty(configured) ? "\"/tmp/webocperf-$(id -un)\"" : ShellQuoting.Quote(configured);

    /// <summary>
    /// The script of one run: make a scratch directory with <c>mktemp -d</c>, say where it is (and this shell's pid, which
    /// lives as long as the run) on stderr, go to the working directory, check the free space, then run perf under
    /// <c>setsid -w</c> (its own session and process group; <c>-w</c> because plain setsid returns at once when it has to
    /// fork) and report its exit status after it. The workload's stdin is /dev/null: the script itself is stdin.
    /// </summary>
    /// <param name="perfArguments">perf's arguments, files placed with <see cref="InScratch"/>.</param>
    /// <param name="minimumFreeBytes">Refuse to start with less free space than this in the scratch directory (0: no check).</param>
    public static string Run(string perfPath, IReadOnlyList<string> perfArguments,
        IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory, string? scratchDirectory,
        long minimumFreeBytes)
    {
        var script = new StringBuilder();
        script.Append("umask 077\n");
        script.Append($"parent={ScratchParent(scratchDirectory)}\n");
        script.Append($"mkdir -p -- \"$parent\" && scratch=$(mktemp -d \"$parent/run.XXXXXXXXXX\") || {{ echo \"cannot make a scratch directory in $parent\" >&2; exit {SetupFailedStatus}; }}\n");
        script.Append($"printf '{ScratchMarker}%s %s\\n' \"$$\" \"$scratch\" >&2\n");
        if (!string.IsNullOrEmpty(workingDirectory))
        {
            script.Append($"cd -- {ShellQuoting.Quote(workingDirectory)} || {{ echo \"cannot enter the working directory {EscapeForDoubleQuotes(workingDirectory)}\" >&2; exit {SetupFailedStatus}; }}\n");
        }
        else
        {
            script.Append("cd || exit " + SetupFailedStatus + "\n");
        }
        if (minimumFreeBytes > 0)
        {
            var kib = (minimumFreeBytes + 1023) / 1024;
            script.Append($"free=$(df -Pk -- \"$scratch\" | awk 'NR==2 {{print $4}}')\n");
            script.Append($"if [ -n \"$free\" ] && [ \"$free\" -lt {kib} ]; then echo \"only ${{free}} KiB free in $scratch on this host; at least {kib} KiB are needed\" >&2; exit {SetupFailedStatus}; fi\n");
        }
        var env = environment.Count == 0
            ? ""
            : "env " + string.Join(' ', environment.Select(v => ShellQuoting.Quote($"{v.Key}={v.Value}"))) + " ";
        script.Append($"setsid -w {env}{ShellQuoting.Quote(perfPath)} {Words(perfArguments)} </dev/null\n");
        script.Append("status=$?\n");
        script.Append($"printf '{ExitMarker}%s\\n' \"$status\" >&2\n");
        script.Append("exit $status\n");
        return script.ToString();
    }

    /// <summary>
    /// Follows a growing file in the scratch directory (perf stat's <c>-o</c> file, flushed every interval) from its
    /// first byte until the run's shell (<paramref name="runShellPid"/>) has ended. <c>tail -F</c> waits for the file
    /// to appear; inotify wakes it at once, <c>-s</c> is the fallback poll and how soon it notices the run ended.
    /// </summary>
    public static string Follow(string scratch, string fileName, int runShellPid) =>
        $"scratch={ShellQuoting.Quote(scratch)}\nexec tail -F -s 0.2 -n +1 --pid={runShellPid} -- \"$scratch\"/{ShellQuoting.Quote(fileName)} 2>/dev/null\n";

    /// <summary>Writes one file of the scratch directory to stdout (nothing, and status 1, when it does not exist).</summary>
    public static string Cat(string scratch, string fileName) =>
        $"scratch={ShellQuoting.Quote(scratch)}\nexec cat -- \"$scratch\"/{ShellQuoting.Quote(fileName)}\n";

    /// <summary>
    /// Signals the run's process group, named by the wrapper in the scratch directory. Right after perf started the file
    /// may not be written yet, so it is waited for (at most 5 s). Prints <c>gone</c> when nothing of the group runs.
    /// </summary>
    public static string SignalGroup(string scratch, string signal) =>
        $"scratch={ShellQuoting.Quote(scratch)}\n" +
        $"i=0; while [ ! -s \"$scratch\"/{GroupIdFile} ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done\n" +
        $"group=$(cat \"$scratch\"/{GroupIdFile} 2>/dev/null)\n" +
        "[ -n \"$group\" ] || { echo gone; exit 0; }\n" +
        $"kill -{signal} -- \"-$group\" 2>/dev/null || echo gone\n";

    /// <summary>
    /// Ends a run's group left behind (after a lost connection or a server crash) if it is still the run's: its
    /// leader's command line must name the scratch directory. SIGINT first so perf finishes its files, SIGKILL after
    /// <paramref name="graceSeconds"/>. Prints <c>ended</c>, <c>gone</c> or <c>foreign</c>.
    /// </summary>
    public static string EndLeftoverGroup(string scratch, int groupId, int graceSeconds) =>
        $"scratch={ShellQuoting.Quote(scratch)}; group={groupId}\n" +
        "if ! kill -0 -- \"-$group\" 2>/dev/null; then echo gone; exit 0; fi\n" +
        "if ! tr '\\0' ' ' < /proc/$group/cmdline 2>/dev/null | grep -qF -- \"$scratch\"; then echo foreign; exit 0; fi\n" +
        "kill -INT -- \"-$group\"\n" +
        $"i=0; while kill -0 -- \"-$group\" 2>/dev/null && [ $i -lt {graceSeconds * 10} ]; do sleep 0.1; i=$((i+1)); done\n" +
        "kill -KILL -- \"-$group\" 2>/dev/null\n" +
        "echo ended\n";

    /// <summary>Removes a run's scratch directory (only a directory made by <see cref="Run"/>: its name starts with run.).</summary>
    public static string RemoveScratch(string scratch) =>
        $"scratch={ShellQuoting.Quote(scratch)}\ncase \"$scratch\" in */run.*) rm -rf -- \"$scratch\" ;; esac\n";

    private static string EscapeForDoubleQuotes(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '"' or '\\' or '$' or '`')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
