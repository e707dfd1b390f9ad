// @ts-check
// The names of the Server-Sent Events of a benchmark's stream: a contract with WebOcperf/Benchmarks/StreamEvents.cs.
// ClientContractTests checks both sides agree.

/** The stream's event names, keyed by the C# constant's name in camelCase. */
export const STREAM_EVENTS = Object.freeze({
    series: 'series',
    sample: 'sample',
    repetition: 'repetition',
    status: 'status',
    done: 'done',
});
