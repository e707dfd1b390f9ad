namespace WebOcperf.Perf;

/// <summary>
/// The argument list of one <c>perf stat</c> run. Arguments stay separate all the way to <c>execve</c>: the workload
/// is the single argument of <c>/bin/sh -c</c> and is never joined into or split out of a larger string.
/// </summary>
public static class PerfStatCommand
{
    /// <summary>Builds the arguments that follow the perf executable.</summary>
    /// <param name="events">Event names as perf accepts them; empty means perf's default set.</param>
    /// <param name="intervalMs">Null (or 0) for totals only, else <c>-I</c> in milliseconds.</param>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> events, int? intervalMs, string outputFile,
        WorkloadInvocation workload) => Arguments(events, intervalMs, outputFile, workload.Arguments);

    /// <summary>
    /// The same arguments for any way of starting the workload: the wrapper above, or <c>sh -c WORKLOAD</c> in
    /// <see cref="TypedCommandLine"/>. Without an output file perf prints its counts on stderr.
    /// </summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> events, int? intervalMs, string? outputFile,
        IReadOnlyList<string> workloadArguments)
    {
        var arguments = new List<string> { "stat", "-x", "," };
        if (intervalMs is > 0)
        {
            arguments.Add("-I");
            arguments.Add(intervalMs.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (events.Count > 0)
        {
            arguments.Add("-e");
            arguments.Add(string.Join(',', events));
        }
        if (outputFile is not null)
        {
            arguments.Add("-o");
            arguments.Add(outputFile);
        }
        arguments.Add("--");
        arguments.AddRange(workloadArguments);
        return arguments;
    }
}

/// <summary>
/// How the workload is started under perf: <c>/bin/sh -c WRAPPER webocperf WORKLOAD STATUSFILE</c>.
/// The wrapper runs the workload in its own <c>/bin/sh -c</c>, merges its stderr into stdout (so perf's stderr carries
/// only perf's own messages) and writes the workload's exit status to a file, because perf stat exits 0 under
/// <c>-I</c> whatever the workload did.
/// </summary>
/// <param name="GroupIdFile">
/// Where the wrapper also writes its process group id (perf's pid), for runs on another host: Stop and recovery find the
/// group there. Null for local runs, whose group the server knows from the process it started.
/// </param>
public sealed record WorkloadInvocation(string Workload, string StatusFile, string? GroupIdFile = null)
{
    public const string Shell = "/bin/sh";

    /// <summary>The wrapper script: $1 is the workload, $2 the status file. A signal death reads as 128 + signal.</summary>
    public const string WrapperScript = "/bin/sh -c \"$1\" 2>&1; status=$?; echo $status > \"$2\"; exit $status";

    /// <summary>
    /// The same wrapper writing its process group id first, to $3: the fifth field of <c>/proc/$$/stat</c> (the wrapper's
    /// command name, "sh", holds no space that could shift the fields).
    /// </summary>
    public const string WrapperScriptWithGroupId =
        "read -r _ _ _ _ group _ < /proc/$$/stat; echo \"$group\" > \"$3\"; " + WrapperScript;

    /// <summary>$0 of the wrapper shell: what <c>ps</c> shows and what the shell prints in its own messages.</summary>
    public const string WrapperName = "webocperf-workload";

    public IReadOnlyList<string> Arguments => GroupIdFile is null
        ? [Shell, "-c", WrapperScript, WrapperName, Workload, StatusFile]
        : [Shell, "-c", WrapperScriptWithGroupId, WrapperName, Workload, StatusFile, GroupIdFile];
}
