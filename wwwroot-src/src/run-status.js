// @ts-check
// A result's status badge, start time, perf's live message and queue position follow the run's "status" stream
// events; when the run ends, htmx swaps in the final result and the history reloads.

import { formatUtc } from './format.js';
import { HTMX_EVENTS, triggerHtmxEvent } from './htmx-events.js';

/**
 * The stream's "status" event (WebOcperf/Benchmarks/StreamEvents.cs).
 * @typedef {object} RunStatus
 * @property {string} status Queued, Running, Succeeded, Failed, Cancelled or Interrupted
 * @property {string | null} [startedAt]
 * @property {string | null} [perfMessage] perf's latest progress line (perf record)
 * @property {number | null} [queuePosition]
 * @property {{index: number, warmup: boolean, count: number, text: string} | null} [progress] which run of a repeated benchmark
 */

/**
 * Shows a status event on the result's badge and start time; the queue position goes once the run has started.
 * A change of status refreshes the history at once rather than at its next poll, so the two never disagree.
 * @param {Element | null} result the [data-benchmark-id] element of the result
 * @param {RunStatus} status
 */
export function showStatus(result, status) {
    if (!result) return;
    const badge = result.querySelector('#result-status');
    if (badge) {
        const changed = (badge.textContent || '').trim() !== status.status;
        badge.textContent = status.status;
        badge.className = `status status-${status.status.toLowerCase()}`;
        if (changed) triggerHtmxEvent(document.body, HTMX_EVENTS.historyChanged);
    }
    const started = result.querySelector('#result-started');
    if (started && status.startedAt) started.textContent = formatUtc(status.startedAt);
    const progress = result.querySelector('#result-progress');
    if (progress && status.progress) progress.textContent = status.progress.text;
    const perfMessage = result.querySelector('#perf-live-message');
    if (perfMessage && status.perfMessage) perfMessage.textContent = status.perfMessage;
    const queue = result.querySelector('#result-queue');
    if (queue) {
        if (status.status === 'Queued' && status.queuePosition) queue.textContent = `position ${status.queuePosition} in the queue`;
        else queue.remove();
    }
}

/**
 * The run ended while we watched: let htmx swap in the final summary and table, and reload the history.
 * @param {Element | null} result
 */
export function finishRun(result) {
    if (result) triggerHtmxEvent(result, HTMX_EVENTS.benchmarkDone);
    triggerHtmxEvent(document.body, HTMX_EVENTS.historyChanged);
}
