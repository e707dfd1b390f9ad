namespace WebOcperf.Perf.Stat;

/// <summary>Whether perf could count an event in a line: perf prints a marker instead of a number when it could not.</summary>
public enum CountState
{
    Counted,
    /// <summary><c>&lt;not counted&gt;</c>: the event exists but the task never ran in that interval.</summary>
    NotCounted,
    /// <summary><c>&lt;not supported&gt;</c>: this machine cannot count the event at all (e.g. no hardware PMU).</summary>
    NotSupported,
}

/// <summary>One line of <c>perf stat -x,</c> output.</summary>
/// <param name="Time">Seconds since start for <c>-I</c> lines; null for totals and <c>--summary</c> lines.</param>
/// <param name="IsSummary">A <c>--summary</c> line printed after the intervals.</param>
/// <param name="Value">The count, or null when <paramref name="State"/> is not <see cref="CountState.Counted"/>.</param>
/// <param name="VariancePercent">The <c>-r N</c> column: the run-to-run variation of the mean.</param>
/// <param name="RunTimeNs">How long the counter was enabled.</param>
/// <param name="PercentRunning">Share of that time the counter was on the PMU; below 100 means multiplexing.</param>
public sealed record PerfStatLine(
    double? Time,
    bool IsSummary,
    string Event,
    double? Value,
    CountState State,
    string Unit,
    double? VariancePercent,
    long? RunTimeNs,
    double? PercentRunning,
    double? MetricValue,
    string MetricUnit);
