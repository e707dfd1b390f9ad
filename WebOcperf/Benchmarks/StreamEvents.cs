namespace WebOcperf.Benchmarks;

/// <summary>
/// The names of the Server-Sent Events a benchmark's stream sends. They are a contract with the scripts:
/// wwwroot-src/src/stream-events.js keeps the same names in its STREAM_EVENTS constant (keys are these names in
/// camelCase); ClientContractTests fails when the two sides disagree.
/// Every event's id is the index of the last sample the client has been sent (-1 before the first), so a reconnect
/// with Last-Event-ID: k resumes with sample k + 1.
/// </summary>
public static class StreamEvents
{
    /// <summary><c>{"events":[names],"units":[units]}</c>: the columns of the samples that follow.</summary>
    public const string Series = "series";

    /// <summary><c>{"i":index,"t":seconds,"v":[value or null per event]}</c>: one perf interval.</summary>
    public const string Sample = "sample";

    /// <summary>
    /// <c>{"index":3,"warmup":false,"count":10,"firstSample":42}</c>: a repetition (or warm-up) of a repeated benchmark
    /// starts; the samples after it are its own (their indexes keep increasing across repetitions).
    /// </summary>
    public const string Repetition = "repetition";

    /// <summary><c>{"status":"Running","queuePosition":null,…}</c>: the run's state changed.</summary>
    public const string Status = "status";

    /// <summary>The final state; the stream ends after it and the client should not reconnect.</summary>
    public const string Done = "done";
}
