namespace WebOcperf.Infrastructure;

/// <summary>
/// The htmx events the server and the page send each other: names in HX-Trigger response headers and in hx-trigger
/// attributes. A contract with the scripts: wwwroot-src/src/htmx-events.js keeps the same names in its HTMX_EVENTS
/// constant (keys are these names in camelCase); ClientContractTests fails when the two sides disagree.
/// </summary>
public static class HtmxEvents
{
    /// <summary>A session's history changed (a run was queued, changed status or was deleted): the history reloads.</summary>
    public const string HistoryChanged = "history-changed";

    /// <summary>The run a result shows has ended: the result swaps in its final summary and tables.</summary>
    public const string BenchmarkDone = "benchmark-done";
}
