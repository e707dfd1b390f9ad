// @ts-check
// Follows a run that has no chart (totals only) over its event stream: status changes, then the final result.
// Markup: <div class="run-watcher" data-stream-url="/benchmarks/{id}/events"> inside the result's [data-benchmark-id].

import { elementsWithin, startOnEveryPage } from './islands.js';
import { finishRun, showStatus } from './run-status.js';
import { STREAM_EVENTS } from './stream-events.js';

export class RunWatcher {
    /** @param {HTMLElement} element */
    constructor(element) {
        const result = element.closest('[data-benchmark-id]');
        this.source = new EventSource(element.dataset.streamUrl || '');
        this.source.addEventListener(STREAM_EVENTS.status, (message) => showStatus(result, JSON.parse(message.data)));
        this.source.addEventListener(STREAM_EVENTS.done, () => {
            this.source.close();
            finishRun(result);
        });
        element.addEventListener('htmx:beforeCleanupElement', () => this.source.close());
    }
}

startOnEveryPage((root) => {
    for (const element of elementsWithin(root, '.run-watcher')) {
        if (!element.runWatcher) element.runWatcher = new RunWatcher(element);
    }
});
