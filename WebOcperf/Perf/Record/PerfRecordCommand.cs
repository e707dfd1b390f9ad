using System.Globalization;

namespace WebOcperf.Perf.Record;

/// <summary>How perf collects call chains.</summary>
public enum CallGraphMode
{
    /// <summary>Only the sampled instruction: one line per sample in <c>perf script</c>.</summary>
    None,

    /// <summary><c>--call-graph fp</c> (what <c>-g</c> means): cheap, but frames compiled without frame pointers are lost.</summary>
    FramePointer,

    /// <summary><c>--call-graph dwarf</c>: copies stack memory per sample, so perf.data grows by several KiB a sample.</summary>
    Dwarf,
}

/// <summary>Either a sampling frequency (<c>-F hz</c>) or a fixed period in event units (<c>-c n</c>).</summary>
public readonly record struct SamplingRate
{
    private SamplingRate(int? frequencyHz, long? period)
    {
        FrequencyHz = frequencyHz;
        Period = period;
    }

    public int? FrequencyHz { get; }
    public long? Period { get; }

    public static SamplingRate Frequency(int hertz) =>
        hertz > 0 ? new(hertz, null) : throw new ArgumentOutOfRangeException(nameof(hertz), "must be positive");

    public static SamplingRate EveryNth(long period) =>
        period > 0 ? new(null, period) : throw new ArgumentOutOfRangeException(nameof(period), "must be positive");
}

/// <summary>
/// The argument list of one <c>perf record</c> run, built like <see cref="PerfStatCommand"/>: arguments stay separate
/// up to <c>execve</c> and the workload goes through the same <see cref="WorkloadInvocation"/> wrapper.
/// </summary>
public static class PerfRecordCommand
{
    /// <summary>What perf record writes to stderr when <c>--max-size</c> stops it.</summary>
    public const string SizeLimitMessage = "perf size limit reached";

    /// <summary><c>--max-size=&lt;n&gt;K</c>, rounded down to whole KiB (at least 1).</summary>
    public static string MaxSizeArgument(long bytes) =>
        "--max-size=" + Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture) + "K";

    /// <summary>Whether perf's stderr says the size cap ended the recording.</summary>
    public static bool StoppedAtSizeLimit(string perfStderr) => perfStderr.Contains(SizeLimitMessage, StringComparison.Ordinal);

    /// <param name="events">Event names; empty means perf's default (<c>cpu-clock:ppp</c> on this machine, no PMU).</param>
    /// <param name="maxSizeBytes">
    /// perf.data's cap (<c>--max-size</c>, in KiB with perf 6.1's upper-case unit: a lower-case <c>k</c> is refused);
    /// null: no cap.
    /// </param>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> events, SamplingRate sampling,
        CallGraphMode callGraph, string perfDataFile, WorkloadInvocation workload, long? maxSizeBytes = null) =>
        Arguments(events, sampling, callGraph, perfDataFile, workload.Arguments, maxSizeBytes);

    /// <summary>The same arguments for any way of starting the workload (see <see cref="TypedCommandLine"/>).</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> events, SamplingRate sampling,
        CallGraphMode callGraph, string perfDataFile, IReadOnlyList<string> workloadArguments, long? maxSizeBytes = null)
    {
        var arguments = new List<string> { "record" };
        if (events.Count > 0)
        {
            arguments.Add("-e");
            arguments.Add(string.Join(',', events));
        }
        if (sampling.FrequencyHz is { } hertz)
        {
            arguments.Add("-F");
            arguments.Add(hertz.ToString(CultureInfo.InvariantCulture));
        }
        else if (sampling.Period is { } period)
        {
            arguments.Add("-c");
            arguments.Add(period.ToString(CultureInfo.InvariantCulture));
        }
        switch (callGraph)
        {
            case CallGraphMode.FramePointer:
                arguments.Add("--call-graph");
                arguments.Add("fp");
                break;
            case CallGraphMode.Dwarf:
                arguments.Add("--call-graph");
                arguments.Add("dwarf");
                break;
        }
        if (maxSizeBytes is { } cap)
        {
            arguments.Add(MaxSizeArgument(cap));
        }
        arguments.Add("-o");
        arguments.Add(perfDataFile);
        arguments.Add("--");
        arguments.AddRange(workloadArguments);
        return arguments;
    }
}
