using WebOcperf.Perf.Record;

namespace WebOcperf.Perf;

/// <summary>
/// A run's command line as a person would type it to repeat the run on another machine:
/// <c>NAME=value perf stat -x , -I 100 -e a,b -- sh -c '&lt;workload&gt;'</c>. Unlike the exact command that ran, it
/// names no file of the server (perf stat prints its counts on stderr; perf record writes <c>-o perf.data</c> in the
/// current directory, named because without <c>-o</c> perf record writes to stdout when that is a pipe) and has no wrapper recording the workload's status. The workload stays one shell command, the single
/// argument of <c>sh -c</c>, so <c>make &amp;&amp; ./bench</c> is measured whole.
/// </summary>
public static class TypedCommandLine
{
    /// <summary>How the workload is started in the typed line: the shell the server uses, by its usual name.</summary>
    public static IReadOnlyList<string> WorkloadArguments(string workload) => ["sh", "-c", workload];

    public static string Stat(IReadOnlyList<string> events, int? intervalMs, string workload,
        IEnumerable<KeyValuePair<string, string>> environment) =>
        Join(environment, PerfStatCommand.Arguments(events, intervalMs, outputFile: null, WorkloadArguments(workload)));

    public static string Record(IReadOnlyList<string> events, SamplingRate sampling, CallGraphMode callGraph, string workload,
        IEnumerable<KeyValuePair<string, string>> environment) =>
        Join(environment, PerfRecordCommand.Arguments(events, sampling, callGraph, RecordOutput, WorkloadArguments(workload)));

    /// <summary>perf record's usual file, in the current directory.</summary>
    public const string RecordOutput = "perf.data";

    /// <summary>
    /// Environment variables become assignments before the command (<c>NAME='a b' perf …</c>), which set them for perf and
    /// so for the workload; only the value is quoted, since a quoted <c>'NAME=a b'</c> would be a command, not an assignment.
    /// </summary>
    private static string Join(IEnumerable<KeyValuePair<string, string>> environment, IReadOnlyList<string> arguments) =>
        string.Join(' ', environment.Select(pair => $"{pair.Key}={ShellQuoting.Quote(pair.Value)}")
            .Append("perf")
            .Append(ShellQuoting.Join(arguments)));
}
