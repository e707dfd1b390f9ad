// @ts-check
// The perf record result's time range: one [data-profile] section holds a samples-over-time chart (time-chart.js),
// the top-functions table (functions-table.js) and the flame graph (flame-graph.js). Selecting a range on the chart
// reloads the table (htmx) and the flame graph for it; "Whole recording" goes back. The range lives in the page URL
// as ?range=from,to (seconds) so that a shared link opens it, in the ranged download links, and in the section's
// data-range so the flame graph, which may mount before or after this script runs, starts with it.
//
// The markup it expects (everything but the section is optional):
//   <section data-profile data-event="0" data-histogram-url="…" data-flame-url="…" data-table-url="…?handler=Functions">
//     <button type="button" data-action="whole-recording">Whole recording</button> <span data-range-label></span>
//     <div class="time-chart"><canvas></canvas></div>
//     <div id="functions"> the table (functions-table.js) </div>
//     <div data-flame></div>
//   </section>
// The section fires "profile:range" (detail: { from, to } or null) after it starts loading a new range.

import { formatSeconds } from './format.js';
import { FunctionsTable } from './functions-table.js';
import { elementsWithin, startOnEveryPage } from './islands.js';
import { parseRange, profileUrl, RANGE_PARAM, rangeParams, rangeText, writeUrlRange } from './profile-range.js';
import { SampleTimeChart } from './time-chart.js';

/** @typedef {import('./profile-range.js').TimeRange} TimeRange */

// wheel zoom and drags end in a burst of zoom events: only the range the user settles on is loaded
const APPLY_DELAY_MS = 300;

export class ProfileView {
    /** @param {HTMLElement} section */
    constructor(section) {
        this.section = section;
        this.range = parseRange(new URLSearchParams(window.location.search).get(RANGE_PARAM));
        /** @type {SampleTimeChart | null} */
        this.timeChart = null;
        /** @type {number | undefined} */
        this.applyTimer = undefined;
        this.functions = new FunctionsTable(section);
        this.wholeButton = /** @type {HTMLButtonElement | null} */ (section.querySelector('[data-action="whole-recording"]'));
        this.rangeLabel = section.querySelector('[data-range-label]');
        this.section.dataset.range = rangeText(this.range);
        this.showRange();

        if (this.wholeButton) this.wholeButton.addEventListener('click', () => this.wholeRecording());
        section.addEventListener('htmx:beforeCleanupElement', (event) => {
            if (event.target === section) this.close();
        });

        this.functions.prepare();
        this.loadHistogram();
        // The server rendered the table (and the flame graph may have started loading) for the whole recording.
        this.loadedRange = '';
        if (this.range) this.loadRange();
    }

    close() {
        window.clearTimeout(this.applyTimer);
        if (this.timeChart) this.timeChart.destroy();
    }

    /** @returns {{ min: number, max: number } | null} */
    bounds() {
        return this.timeChart ? this.timeChart.bounds : null;
    }

    // The folded-stacks and functions downloads hold what the table and the flame graph show: the selected range.
    showRangeInDownloads() {
        for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('a[data-range-download]'))) {
            const url = new URL(link.getAttribute('href') || '', window.location.href);
            url.searchParams.delete('from');
            url.searchParams.delete('to');
            for (const [key, value] of Object.entries(rangeParams(this.range))) url.searchParams.set(key, value);
            link.setAttribute('href', url.pathname + url.search);
            if (!link.dataset.label) link.dataset.label = link.textContent || '';
            link.textContent = this.range
                ? `${link.dataset.label} (${formatSeconds(this.range.from)} – ${formatSeconds(this.range.to)})`
                : link.dataset.label;
        }
    }

    showRange() {
        if (this.wholeButton) this.wholeButton.disabled = !this.range;
        this.showRangeInDownloads();
        if (!this.rangeLabel) return;
        const bounds = this.bounds();
        if (this.range) {
            const length = this.range.to - this.range.from;
            const of = bounds ? ` of ${formatSeconds(bounds.max - bounds.min)}` : '';
            this.rangeLabel.textContent = `${formatSeconds(this.range.from)} – ${formatSeconds(this.range.to)} `
                + `(${formatSeconds(length)}${of})`;
        } else {
            this.rangeLabel.textContent = bounds
                ? `Whole recording (${formatSeconds(bounds.max - bounds.min)})`
                : 'Whole recording';
        }
    }

    /** @param {TimeRange | null} range what the chart shows after a zoom or pan */
    chartMoved(range) {
        this.setRange(range);
        window.clearTimeout(this.applyTimer);
        this.applyTimer = window.setTimeout(() => this.loadRange(), APPLY_DELAY_MS);
    }

    /** @param {TimeRange | null} range */
    setRange(range) {
        this.range = range;
        this.section.dataset.range = rangeText(range);
        writeUrlRange(range);
        this.showRange();
    }

    wholeRecording() {
        window.clearTimeout(this.applyTimer);
        if (this.timeChart) this.timeChart.showWhole();
        this.setRange(null);
        this.loadRange();
    }

    // Reloads the table and the flame graph for the current range, unless they already show it.
    loadRange() {
        const key = rangeText(this.range);
        if (key === this.loadedRange) return;
        this.loadedRange = key;
        const event = this.section.dataset.event;
        const params = rangeParams(this.range);
        const target = this.section.querySelector('#functions');
        if (target && this.section.dataset.tableUrl && window.htmx) {
            const url = profileUrl(this.section.dataset.tableUrl, event, params);
            window.htmx.ajax('get', url.pathname + url.search, { target, swap: 'innerHTML' });
        }
        const flame = /** @type {HTMLElement | null} */ (this.section.querySelector('[data-flame]'));
        if (flame && flame.flameGraph) {
            flame.flameGraph.reload(this.range ? params : { from: null, to: null });
        }
        this.section.dispatchEvent(new CustomEvent('profile:range', { bubbles: true, detail: this.range }));
    }

    async loadHistogram() {
        const canvas = /** @type {HTMLCanvasElement | null} */ (this.section.querySelector('.time-chart canvas'));
        const frame = canvas && /** @type {HTMLElement | null} */ (canvas.closest('.time-chart'));
        if (!canvas || !frame || !this.section.dataset.histogramUrl || !window.Chart) return;
        frame.dataset.state = 'loading';
        /** @type {import('./time-chart.js').SampleHistogram} */
        let body;
        try {
            const response = await fetch(profileUrl(this.section.dataset.histogramUrl, this.section.dataset.event),
                { headers: { Accept: 'application/json' } });
            if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
            body = await response.json();
        } catch (error) {
            frame.dataset.state = 'error';
            const message = document.createElement('p');
            message.className = 'time-chart-message muted';
            message.textContent = `The samples over time could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
            frame.append(message);
            return;
        }
        this.timeChart = new SampleTimeChart(canvas, body, this.range, (range) => this.chartMoved(range));
        frame.dataset.state = 'ready';
        this.showRange();
    }
}

startOnEveryPage((root) => {
    for (const section of elementsWithin(root, '[data-profile]')) {
        if (!section.profileView) section.profileView = new ProfileView(section);
    }
    // a table swapped in for another range gets the user's sort and filter again
    const section = root instanceof Element ? /** @type {HTMLElement | null} */ (root.closest('[data-profile]')) : null;
    if (section && section.profileView && section !== root) section.profileView.functions.prepare();
});
