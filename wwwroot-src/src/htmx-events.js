// @ts-check
// The htmx events the server and the page send each other: a contract with WebOcperf/Infrastructure/HtmxEvents.cs,
// which the server puts in HX-Trigger headers and hx-trigger attributes. ClientContractTests checks both sides agree.

/** The custom htmx events, keyed by the C# constant's name in camelCase. */
export const HTMX_EVENTS = Object.freeze({
    // the history of a session changed (a run was queued, changed status or was deleted): the history reloads itself
    historyChanged: 'history-changed',
    // the run a result shows has ended: the result swaps in its final summary and tables
    benchmarkDone: 'benchmark-done',
});

/**
 * Tells htmx listeners about one of our events.
 * @param {Element} target where the event starts (it bubbles)
 * @param {string} name one of HTMX_EVENTS
 */
export function triggerHtmxEvent(target, name) {
    if (window.htmx) window.htmx.trigger(target, name);
}
