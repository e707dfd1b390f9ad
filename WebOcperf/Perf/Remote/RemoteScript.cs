using System.Globalization;
using System.Text;

namespace WebOcperf.Perf.Remote;

/// <summary>
/// Builds the <c>/bin/sh</c> scripts run on a host (fed to <c>/bin/sh -s</c>, never put on ssh's command line, which the
/// login shell would read). Every word that comes from a user, from configuration or from the host is quoted for
/// /bin/sh with <see cref="ShellQuoting.Quote"/>: single quotes, which keep spaces, <c>$</c>, <c>;</c>, newlines and any
/// UTF-8 byte as they are.
/// </summary>
public static class RemoteScript
{
    /// <summary>What the run script writes on stderr once perf runs: perf's pid, which is its new process group.</summary>
    public const string GroupMarker = "webocperf-group ";

    /// <summary>What the run script writes on stderr after perf ended, with perf's exit status.</summary>
    public const string ExitMarker = "webocperf-exit ";

    /// <summary>What <see cref="EndTagged"/> writes on stdout for each process it ended, with its pid and command name.</summary>
    public const string EndedMarker = "webocperf-ended ";

    /// <summary>Exit status of a script whose scratch or working directory could not be used.</summary>
    public const int SetupFailedStatus = 97;

    /// <summary>Exit status of <see cref="CatIfExists"/> when the file is not there.</summary>
    public const int MissingFileStatus = 3;

    public static string Words(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(ShellQuoting.Quote));

    /// <summary>
    /// Makes a scratch directory with <c>mktemp -d</c> below the configured one (default <c>/tmp/webocperf-USER</c>, the
    /// remote user's own) and prints its path; refuses when less than <paramref name="minimumFreeBytes"/> are free there.
    /// </summary>
    /// <param name="prefix">The start of the directory's name (letters, digits and '.' only), e.g. <c>run.&lt;benchmark id&gt;</c>.</param>
    public static string MakeScratch(string? parent, string prefix, long minimumFreeBytes)
    {
        var script = new StringBuilder("umask 077\n");
        script.Append(string.IsNullOrEmpty(parent) ? "parent=\"/tmp/webocperf-$(id -un)\"\n" : $"parent={ShellQuoting.Quote(parent)}\n");
        script.Append($"mkdir -p -- \"$parent\" && scratch=$(mktemp -d \"$parent/{prefix}.XXXXXXXX\") || {{ echo \"no scratch directory could be made in $parent on $(uname -n)\" >&2; exit {SetupFailedStatus}; }}\n");
        script.Append(RefuseWhenFull(minimumFreeBytes));
        script.Append("printf '%s\\n' \"$scratch\"\n");
        return script.ToString();
    }

    /// <summary>
    /// Makes the scratch directory <paramref name="scratch"/>, whose name the caller chose at random below
    /// <paramref name="parent"/> (as <c>mktemp -d</c> would: <c>mkdir</c> refuses an existing name or a symbolic link,
    /// and the mode is the owner's only), and refuses when less than <paramref name="minimumFreeBytes"/> are free there.
    /// It goes before <see cref="StartPerf"/> in the same script, so that a run costs one command on the host to start.
    /// </summary>
    public static string MakeNamedScratch(string parent, string scratch, long minimumFreeBytes)
    {
        var script = new StringBuilder($"parent={ShellQuoting.Quote(parent)}\nscratch={ShellQuoting.Quote(scratch)}\n");
        // test is built in: the usual case, the parent there already, costs no process; a new parent and the folders
        // above it are the user's own only, as with mktemp's umask
        script.Append($"{{ [ -d \"$parent\" ] || (umask 077 && mkdir -p -- \"$parent\"); }} && mkdir -m 700 -- \"$scratch\" || {{ echo \"no scratch directory could be made in $parent on $(uname -n)\" >&2; exit {SetupFailedStatus}; }}\n");
        script.Append(RefuseWhenFull(minimumFreeBytes));
        return script.ToString();
    }

    /// <summary>Removes <c>$scratch</c> and fails the script when less than the minimum is free there (0: no check).</summary>
    private static string RefuseWhenFull(long minimumFreeBytes)
    {
        if (minimumFreeBytes <= 0)
        {
            return "";
        }
        var kib = ((minimumFreeBytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture);
        // df's second line read by the shell itself rather than by awk: one process less before perf starts
        return "free=$(df -Pk -- \"$scratch\" 2>/dev/null | { read -r _; read -r _ _ _ free _; echo \"$free\"; })\n" +
            $"if [ -n \"$free\" ] && [ \"$free\" -lt {kib} ]; then rm -rf -- \"$scratch\"; echo \"only $free KiB are free in $parent on $(uname -n); at least {kib} KiB are needed\" >&2; exit {SetupFailedStatus}; fi\n";
    }

    /// <summary>
    /// The script of one run: go to the working directory (default the remote home), then run perf under
    /// <c>setsid -w</c> in its own session and process group, its stdin /dev/null (the script itself is stdin). A small
    /// <c>sh</c> says its pid and execs setsid, which — not being a group leader there — execs perf in place: that pid is
    /// perf's and its group's. After perf, its exit status. The environment goes through <c>env</c>, quoted.
    /// </summary>
    public static string StartPerf(string perfPath, IReadOnlyList<string> perfArguments,
        IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory)
    {
        var script = new StringBuilder();
        script.Append(ChangeDirectory(workingDirectory));
        var env = environment.Count == 0
            ? ""
            : "env " + Words(environment.Select(v => $"{v.Key}={v.Value}")) + " ";
        script.Append($"/bin/sh -c 'printf \"{GroupMarker}%s\\n\" \"$$\" >&2; exec \"$@\"' webocperf-start setsid -w {env}{ShellQuoting.Quote(perfPath)} {Words(perfArguments)} </dev/null\n");
        script.Append("status=$?\n");
        script.Append($"printf '{ExitMarker}%s\\n' \"$status\" >&2\n");
        script.Append("exit $status\n");
        return script.ToString();
    }

    /// <summary>A short command (perf script, perf list) in a directory of the host, its stdout the result.</summary>
    public static string Command(string program, IReadOnlyList<string> arguments, IReadOnlyList<KeyValuePair<string, string>> environment,
        string? workingDirectory)
    {
        var env = environment.Count == 0 ? "" : "env " + Words(environment.Select(v => $"{v.Key}={v.Value}")) + " ";
        return ChangeDirectory(workingDirectory) + $"exec {env}{ShellQuoting.Quote(program)} {Words(arguments)} </dev/null\n";
    }

    /// <summary>
    /// Follows a growing file (perf stat's <c>-o</c> file, flushed every interval) from its first byte: inotify wakes
    /// <c>tail -F</c> at once, and with <c>--pid</c> it ends shortly after perf, having printed the rest. tail is started
    /// once the file exists (perf makes it within milliseconds of its start, or ends): GNU tail given a missing file
    /// falls back to looking every <c>-s</c> seconds, which would delay every interval by up to that.
    /// </summary>
    public static string Follow(string path, int? perfPid)
    {
        var file = ShellQuoting.Quote(path);
        var waitForFile = perfPid is { } pid
            ? $"while [ ! -e {file} ] && kill -0 {pid.ToString(CultureInfo.InvariantCulture)} 2>/dev/null; do sleep 0.01; done\n"
            : "";
        return waitForFile + $"exec tail -F -s 0.2 -n +1 {(perfPid is { } p ? $"--pid={p} " : "")}-- {file} 2>/dev/null\n";
    }

    /// <summary>Writes a file to stdout; exits with <see cref="MissingFileStatus"/> when there is none.</summary>
    public static string CatIfExists(string path) =>
        $"[ -f {ShellQuoting.Quote(path)} ] || exit {MissingFileStatus}\nexec cat -- {ShellQuoting.Quote(path)}\n";

    /// <summary>Signals a process group; prints <c>gone</c> when nothing of it is left.</summary>
    public static string SignalGroup(int group, string signal) =>
        $"kill -{signal} -{group.ToString(CultureInfo.InvariantCulture)} 2>/dev/null || echo gone\n";

    /// <summary>
    /// After perf ended: SIGKILL to whatever the workload left in the group, then to every process still carrying the run's
    /// tag (<paramref name="tagEntry"/>, see <see cref="EndTagged"/>), then the workload's exit status.
    /// </summary>
    public static string FinishGroup(int group, string workloadStatusPath, string tagEntry) =>
        $"kill -KILL -{group.ToString(CultureInfo.InvariantCulture)} 2>/dev/null\n" + EndTagged(tagEntry) +
        $"cat -- {ShellQuoting.Quote(workloadStatusPath)} 2>/dev/null\nexit 0\n";

    /// <summary>
    /// SIGKILLs every process of the remote user whose environment holds <paramref name="tagEntry"/>
    /// (<c>NAME=value</c>) as one entry — read from <c>/proc/PID/environ</c>, so that processes that left perf's group
    /// by <c>setsid</c> are found — and prints <see cref="EndedMarker"/><c>PID COMMAND</c> for each; again, up to ten
    /// rounds, while a dying parent may still fork. The script itself does not carry the tag.
    /// </summary>
    public static string EndTagged(string tagEntry) =>
        $"tag={ShellQuoting.Quote(tagEntry)}\n" +
        // one grep over every environ file where grep reads NUL-separated lines (GNU, busybox); else two processes a pid,
        // which on a busy host takes a second
        // (the files go through xargs, not the command line: a host with many processes would exceed its length)
        "if printf 'x\\000' | grep -qzxF x 2>/dev/null; then tagged() { printf '%s\\000' /proc/[0-9]*/environ | xargs -0 grep -lzxF -- \"$tag\" 2>/dev/null; }\n" +
        "else tagged() { for e in /proc/[0-9]*/environ; do if { tr '\\000' '\\n' < \"$e\"; } 2>/dev/null | grep -qxF -- \"$tag\"; then echo \"$e\"; fi; done; }; fi\n" +
        "round=0\n" +
        "while [ $round -lt 10 ]; do\n" +
        "  found=\n" +
        "  for e in $(tagged); do\n" +
        "    p=${e#/proc/}; p=${p%/environ}\n" +
        "    c=$(cat \"/proc/$p/comm\" 2>/dev/null)\n" +
        $"    if kill -KILL \"$p\" 2>/dev/null; then found=1; printf '{EndedMarker}%s %s\\n' \"$p\" \"$c\"; fi\n" +
        "  done\n" +
        "  [ -n \"$found\" ] || break\n" +
        "  round=$((round+1)); sleep 0.05\n" +
        "done\n";

    /// <summary>
    /// Ends a run's group left behind (after a lost connection or a server crash) if it is still the run's: its leader's
    /// command line must name <paramref name="scratchName"/> (the run's scratch directory, named after the benchmark).
    /// SIGINT first so perf finishes its files, SIGKILL after <paramref name="graceSeconds"/>. Then every process still
    /// carrying the run's tag (<see cref="EndTagged"/>), also when the group is gone. Prints, last, <c>ended</c>,
    /// <c>gone</c> or <c>foreign</c> for the group.
    /// </summary>
    public static string EndLeftoverGroup(string scratchName, int group, int graceSeconds, string tagEntry) =>
        $"name={ShellQuoting.Quote(scratchName)}; group={group.ToString(CultureInfo.InvariantCulture)}\n" +
        "state=gone\n" +
        "if kill -0 \"-$group\" 2>/dev/null; then\n" +
        "  if tr '\\0' ' ' < /proc/$group/cmdline 2>/dev/null | grep -qF -- \"$name\"; then\n" +
        "    kill -INT \"-$group\"\n" +
        $"    i=0; while kill -0 \"-$group\" 2>/dev/null && [ $i -lt {(graceSeconds * 10).ToString(CultureInfo.InvariantCulture)} ]; do sleep 0.1; i=$((i+1)); done\n" +
        "    kill -KILL \"-$group\" 2>/dev/null\n" +
        "    state=ended\n" +
        "  else\n" +
        "    state=foreign\n" +
        "  fi\n" +
        "fi\n" +
        EndTagged(tagEntry) +
        "echo \"$state\"\n";

    /// <summary>The scratch directories whose name starts with <paramref name="prefix"/>, one a line.</summary>
    public static string FindScratch(string? parent, string prefix) =>
        (string.IsNullOrEmpty(parent) ? "parent=\"/tmp/webocperf-$(id -un)\"\n" : $"parent={ShellQuoting.Quote(parent)}\n") +
        $"for d in \"$parent\"/{prefix}.*; do [ -d \"$d\" ] && printf '%s\\n' \"$d\"; done; exit 0\n";

    /// <summary>Removes a scratch directory made by <see cref="MakeScratch"/> (its name says so), and nothing else.</summary>
    public static string RemoveScratch(string directory) =>
        $"d={ShellQuoting.Quote(directory)}\ncase \"$d\" in */webocperf-*/run.*|*/webocperf-*/copy.*|*/run.*|*/copy.*) rm -rf -- \"$d\" ;; *) exit 1 ;; esac\n";

    private static string ChangeDirectory(string? workingDirectory) =>
        string.IsNullOrEmpty(workingDirectory)
            ? $"cd || exit {SetupFailedStatus}\n"
            : $"cd -- {ShellQuoting.Quote(workingDirectory)} || {{ echo \"cannot enter the working directory \"{ShellQuoting.Quote(workingDirectory)}\" on $(uname -n)\" >&2; exit {SetupFailedStatus}; }}\n";
}
