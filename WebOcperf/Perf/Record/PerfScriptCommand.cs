namespace WebOcperf.Perf.Record;

/// <summary>Argument lists for <c>perf script</c> over a recorded perf.data file.</summary>
public static class PerfScriptCommand
{
    /// <summary>
    /// The fields <see cref="PerfScriptParser"/> reads. perf prints them in its own fixed order whatever the order
    /// here: <c>comm pid/tid time: period event: [ip sym (dso)]</c>, then one tab-indented <c>ip sym (dso)</c> line
    /// per frame and a blank line when call chains are shown. The <c>pid/tid</c> pair written as <c>%5d/%-5d</c> is
    /// what makes a comm with spaces unambiguous: the comm is everything before the first token that starts the
    /// <c>pid/tid time: period event:</c> sequence. <c>sym</c> without <c>symoff</c> gives bare function names, so
    /// samples at different offsets of one function aggregate without post-processing.
    /// </summary>
    public const string Fields = "comm,pid,tid,time,event,period,ip,sym,dso";

    /// <param name="hasCallChains">
    /// False forces the one-line form with <c>-G</c> even if perf.data holds call chains, so the output is the same
    /// whatever was recorded.
    /// </param>
    public static IReadOnlyList<string> Arguments(string perfDataFile, bool hasCallChains)
    {
        // --ns: nanosecond timestamps, so histogram buckets below a microsecond and exact ordering are possible.
        var arguments = new List<string> { "script", "-i", perfDataFile, "--ns", "-F", Fields };
        if (!hasCallChains)
        {
            arguments.Add("-G");
        }
        return arguments;
    }

    /// <summary>
    /// The text for Firefox Profiler and speedscope, which both import perf's default <c>perf script</c> output.
    /// <c>-F +pid</c> adds the pid to the default <c>comm tid</c> header (<c>comm pid/tid</c>), the form usually
    /// recommended for Firefox Profiler so threads are grouped into processes; speedscope reads both forms.
    /// </summary>
    public static IReadOnlyList<string> DownloadArguments(string perfDataFile) =>
        ["script", "-i", perfDataFile, "-F", "+pid"];
}
