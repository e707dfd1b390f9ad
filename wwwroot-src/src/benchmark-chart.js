// @ts-check
// The interval chart of a perf stat result. A running benchmark is followed over its Server-Sent Events stream; a
// finished one is drawn from /series, which the server downsamples for long runs and refines for the zoomed range.
// Served as a file (no inline script), it finds its elements by class and reads its settings from data- attributes,
// so htmx can swap results in and out and each new island starts itself.
// A finished repeated benchmark's chart can overlay every repetition's series on one time axis (each from its own
// start; an event keeps its colour, the shown repetition is drawn thicker).
// Markup: <div class="chart-island" data-stream-url data-series-url data-finished data-streaming
//              [data-overlay-series-url data-overlay-repetitions="1,2,3" data-shown-repetition]>
//           <div class="chart-toolbar"><button data-action="toggle-log|toggle-rate|toggle-normalise|toggle-overlay|reset-zoom"></div>
//           <canvas></canvas> <span class="chart-points"></span></div>

import { countAxis, seriesColour, timeChartOptions, xZoomOptions } from './chart-options.js';
import { formatValue } from './format.js';
import { PacedDraw } from './next-frame.js';
import { elementsWithin, startOnEveryPage } from './islands.js';
import { finishRun, showStatus } from './run-status.js';
import { appendSamples, drawnPoints, eventIndexes, overlaidSeries, seriesFromHeader, seriesFromStored, shownValue } from './interval-series.js';
import { STREAM_EVENTS } from './stream-events.js';
import { readViewState, updateShareLink, writeViewState } from './view-state.js';

/** @typedef {import('./interval-series.js').IntervalSeries} IntervalSeries */
/** @typedef {import('./interval-series.js').StreamSample} StreamSample */
/** @typedef {import('./chart-options.js').LineChart} LineChart */
/** @typedef {{ min: number, max: number }} XRange */

// a zoom ends in a burst of wheel events: only the range the user settles on is fetched again
const REFINE_DELAY_MS = 250;

/** @type {Record<string, 'log' | 'rate' | 'normalise' | 'overlay'>} */
const TOGGLES = { 'toggle-log': 'log', 'toggle-rate': 'rate', 'toggle-normalise': 'normalise', 'toggle-overlay': 'overlay' };

/**
 * A colour with an alpha: the other repetitions of an overlay are drawn lighter than the shown one.
 * @param {string} hex "#rrggbb"
 * @param {number} alpha
 * @returns {string}
 */
function withAlpha(hex, alpha) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export class BenchmarkChart {
    /** @param {HTMLElement} island */
    constructor(island) {
        this.island = island;
        this.result = island.closest('[data-benchmark-id]');
        this.finished = island.dataset.finished === 'true';
        this.streaming = island.dataset.streaming !== 'false';
        this.pointsLabel = island.querySelector('.chart-points');
        this.state = readViewState(window.location.search);
        /** @type {number[]} the repetitions the overlay draws; empty when the chart cannot overlay */
        this.overlayRepetitions = (island.dataset.overlayRepetitions || '').split(',').filter(Boolean).map(Number);
        this.shownRepetition = Number(island.dataset.shownRepetition || 0);
        if (this.overlayRepetitions.length === 0) this.state.overlay = false;
        /** @type {IntervalSeries[]} */
        this.series = [];
        this.intervalCount = 0;
        this.lastTime = 0;
        this.downsampled = false;
        /** @type {StreamSample[]} */
        this.pending = [];
        // the pending samples are drawn together, on a frame, paced so that a slow machine still answers the user
        this.flushes = new PacedDraw(() => this.flush());
        /** @type {number | undefined} */
        this.refineTimer = undefined;
        /** @type {EventSource | null} */
        this.source = null;
        // A live run's stream opens before the chart is built, so that its connection is made meanwhile: on a slow or
        // busy machine building a chart of twenty series takes long enough to miss much of a short run. No stream
        // event can reach the chart before this constructor has returned.
        if (!this.finished) this.connect();
        this.chart = this.createChart(/** @type {HTMLCanvasElement} */ (island.querySelector('canvas')));
        this.bindToolbar();
        updateShareLink(this.state);
        if (this.finished) {
            // the whole run first, so that panning or resetting a shared zoomed view has the rest to show;
            // then full detail for the zoomed range if the whole run had to be downsampled
            this.loadStored(null).then(() => {
                if (this.state.zoom && this.downsampled) this.loadStored(this.state.zoom);
            });
        }
        island.addEventListener('htmx:beforeCleanupElement', () => this.close());
    }

    /**
     * @param {HTMLCanvasElement} canvas
     * @returns {LineChart}
     */
    createChart(canvas) {
        const self = this;
        return new window.Chart(canvas, {
            type: 'line',
            data: { datasets: [] },
            options: timeChartOptions({
                xMin: this.state.zoom ? this.state.zoom.min : undefined,
                xMax: this.state.zoom ? this.state.zoom.max : undefined,
                elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5 } },
                y: countAxis(() => self.state.log, this.yTitle()),
                plugins: {
                    decimation: { enabled: true, algorithm: 'lttb', samples: 1000 },
                    legend: {
                        position: 'bottom',
                        // overlaid repetitions share their event's entry
                        labels: { filter: (item) => self.series.findIndex((line) => line.name === self.series[item.datasetIndex ?? 0]?.name) === item.datasetIndex },
                        onClick(event, item, legend) {
                            const index = item.datasetIndex ?? 0;
                            const name = self.series[index].name;
                            if (self.state.hidden.has(name)) self.state.hidden.delete(name); else self.state.hidden.add(name);
                            self.series.forEach((line, i) => {
                                if (line.name === name) legend.chart.setDatasetVisibility(i, !self.state.hidden.has(name));
                            });
                            legend.chart.update('none');
                            writeViewState(self.state);
                        },
                    },
                    tooltip: {
                        callbacks: {
                            title: (items) => items.length ? `${formatValue(items[0].parsed.x)} s` : '',
                            label: (item) => this.tooltipLabel(item.datasetIndex, item.dataIndex, item.parsed.y),
                        },
                    },
                    zoom: xZoomOptions({
                        limits: { x: { minRange: 0.001 } },
                        wheelModifier: undefined,
                        dragModifier: 'shift',
                        panModifier: undefined,
                        onChange: (chart) => this.rememberZoom(chart),
                    }),
                },
            }),
        });
    }

    yTitle() {
        if (this.state.normalise) return 'share of each event\'s peak';
        return this.state.rate ? 'per second' : 'count per interval';
    }

    /**
     * @param {number} datasetIndex
     * @param {number} dataIndex
     * @param {number | null} drawn the y drawn for the point
     * @returns {string}
     */
    tooltipLabel(datasetIndex, dataIndex, drawn) {
        const line = this.series[datasetIndex];
        const point = line.points[dataIndex];
        if (!point) return line.name;
        const value = shownValue(point, this.state, false, 0);
        const unit = line.unit ? ` ${line.unit}` : '';
        const perSecond = this.state.rate ? '/s' : '';
        const share = this.state.normalise && drawn !== null ? ` (${formatValue(drawn * 100)} % of peak)` : '';
        const repetition = line.repetition ? ` · repetition ${line.repetition}` : '';
        return `${line.name}${repetition}: ${formatValue(value)}${unit}${perSecond}${share}`;
    }

    /** @param {LineChart} chart */
    rememberZoom(chart) {
        const scale = chart.scales.x;
        this.state.zoom = { min: scale.min, max: scale.max };
        writeViewState(this.state);
        if (this.finished && this.downsampled) this.refineSoon();
    }

    // A stored run that was downsampled is fetched again for the visible range, at full detail where it fits.
    refineSoon() {
        window.clearTimeout(this.refineTimer);
        this.refineTimer = window.setTimeout(() => this.loadStored(this.state.zoom), REFINE_DELAY_MS);
    }

    bindToolbar() {
        const toolbar = this.island.querySelector('.chart-toolbar');
        if (!toolbar) return;
        for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (toolbar.querySelectorAll('button[data-action]'))) {
            const action = button.dataset.action || '';
            const key = TOGGLES[action];
            if (key) button.setAttribute('aria-pressed', String(this.state[key]));
            button.addEventListener('click', () => {
                if (action === 'reset-zoom') {
                    this.resetZoom();
                } else if (key) {
                    this.state[key] = !this.state[key];
                    button.setAttribute('aria-pressed', String(this.state[key]));
                    if (key === 'overlay') {
                        this.loadStored(null).then(() => {
                            if (this.state.zoom && this.downsampled) this.loadStored(this.state.zoom);
                        });
                    } else this.applyMode();
                }
                writeViewState(this.state);
            });
        }
    }

    resetZoom() {
        this.chart.resetZoom();
        const x = this.xAxis();
        x.min = undefined;
        x.max = undefined;
        this.state.zoom = null;
        this.chart.update('none');
        if (this.finished && this.downsampled) this.loadStored(null);
    }

    /** @returns {{ min?: number, max?: number }} */
    xAxis() {
        return /** @type {{ min?: number, max?: number }} */ (this.chart.options.scales?.x);
    }

    applyMode() {
        const y = /** @type {{ type: string, title: { text: string } }} */ (/** @type {unknown} */ (this.chart.options.scales?.y));
        y.type = this.state.log ? 'logarithmic' : 'linear';
        y.title.text = this.yTitle();
        this.redrawAll();
    }

    redrawAll() {
        this.chart.data.datasets.forEach((dataset, index) => { dataset.data = drawnPoints(this.series[index], this.state); });
        this.chart.update('none');
    }

    /** @param {IntervalSeries[]} lines */
    setSeries(lines) {
        this.series = lines;
        const colours = eventIndexes(lines);
        this.chart.data.datasets = lines.map((line, index) => {
            const colour = seriesColour(colours[index]);
            const faded = line.repetition !== undefined && line.repetition !== this.shownRepetition;
            return {
                label: line.unit ? `${line.name} (${line.unit})` : line.name,
                data: drawnPoints(line, this.state),
                borderColor: faded ? withAlpha(colour, 0.45) : colour,
                backgroundColor: colour,
                borderWidth: line.repetition === undefined ? 1.5 : faded ? 1 : 2.5,
                hidden: this.state.hidden.has(line.name),
            };
        });
        this.chart.update('none');
    }

    showCount() {
        this.island.dataset.points = String(this.intervalCount);
        if (this.pointsLabel) {
            const detail = this.downsampled ? ' (downsampled; zoom in for detail)' : '';
            const repetitions = this.state.overlay ? ` of ${this.overlayRepetitions.length} repetitions` : '';
            this.pointsLabel.textContent = `${this.intervalCount} intervals${repetitions}${detail}`;
        }
    }

    /**
     * @param {string} address
     * @param {XRange | null} range
     * @param {number} [repetition]
     * @returns {Promise<import('./interval-series.js').StoredSeries>}
     */
    async fetchSeries(address, range, repetition) {
        const url = new URL(address, window.location.href);
        if (repetition !== undefined) url.searchParams.set('repetition', String(repetition));
        if (range) {
            url.searchParams.set('from', String(range.min));
            url.searchParams.set('to', String(range.max));
        }
        const response = await fetch(url, { headers: { Accept: 'application/json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
    }

    /** @param {XRange | null} range the seconds to fetch at full detail, or null for the whole run */
    async loadStored(range) {
        const overlay = this.state.overlay;
        /** @type {IntervalSeries[]} */
        let lines;
        let count = 0;
        try {
            if (overlay) {
                const address = this.island.dataset.overlaySeriesUrl || '';
                const answers = await Promise.all(this.overlayRepetitions.map(async (repetition) =>
                    ({ repetition, body: await this.fetchSeries(address, range, repetition) })));
                lines = overlaidSeries(answers);
                count = answers.reduce((sum, answer) => sum + answer.body.intervalCount, 0);
                this.downsampled = answers.some((answer) => answer.body.downsampled) || this.downsampled;
            } else {
                const body = await this.fetchSeries(this.island.dataset.seriesUrl || '', range);
                lines = seriesFromStored(body);
                count = body.intervalCount;
                this.downsampled = body.downsampled || this.downsampled;
            }
        } catch (error) {
            // say so rather than leave an empty chart that looks like a run without data
            const reason = error instanceof Error ? error.message : String(error);
            if (this.pointsLabel) this.pointsLabel.textContent = `Could not load the series (${reason}); reload to try again`;
            return;
        }
        // the toggle may have been pressed again while this was loading: the newest choice wins
        if (overlay !== this.state.overlay) return;
        this.intervalCount = count;
        this.island.dataset.overlay = String(overlay);
        this.setSeries(lines);
        this.showCount();
    }

    startRepetition() {
        this.pending = [];
        this.lastTime = 0;
        this.intervalCount = 0;
        this.setSeries(this.series.map((line) => ({ ...line, points: [] })));
        this.showCount();
    }

    /** @param {StreamSample} sample */
    addSample(sample) {
        this.pending.push(sample);
        this.flushes.request();
    }

    // Everything that arrived since the last flush goes into one chart update.
    flush() {
        const batch = this.pending;
        this.pending = [];
        this.lastTime = appendSamples(this.series, batch, this.lastTime);
        this.intervalCount += batch.length;
        if (this.state.normalise) {
            this.redrawAll();
        } else {
            this.chart.data.datasets.forEach((dataset, e) => {
                const points = this.series[e].points;
                for (let i = points.length - batch.length; i < points.length; i++) {
                    dataset.data.push({ x: points[i].t, y: shownValue(points[i], this.state, true, 0) });
                }
            });
            this.chart.update('none');
        }
        this.showCount();
    }

    connect() {
        const source = new EventSource(this.island.dataset.streamUrl || '');
        this.source = source;
        source.addEventListener(STREAM_EVENTS.series, (message) => this.setSeries(seriesFromHeader(JSON.parse(message.data), this.series)));
        source.addEventListener(STREAM_EVENTS.sample, (message) => {
            if (this.streaming) this.addSample(JSON.parse(message.data));
        });
        // a repeated benchmark's next run begins: the live chart shows the current run only, from its own time 0
        source.addEventListener(STREAM_EVENTS.repetition, () => this.startRepetition());
        source.addEventListener(STREAM_EVENTS.status, (message) => showStatus(this.result, JSON.parse(message.data)));
        source.addEventListener(STREAM_EVENTS.done, () => {
            this.close();
            finishRun(this.result);
        });
    }

    close() {
        window.clearTimeout(this.refineTimer);
        if (this.source) {
            this.source.close();
            this.source = null;
        }
    }
}

startOnEveryPage((root) => {
    for (const island of elementsWithin(root, '.chart-island')) {
        if (!island.benchmarkChart) island.benchmarkChart = new BenchmarkChart(island);
    }
});
