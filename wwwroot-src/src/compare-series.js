// @ts-check
// The compare page's interval chart: one event's series of every compared stat run on one time axis (each from its own
// start), in the run's letter (A is the base). Count, rate per second, normalised and log views, wheel/pinch/shift-drag
// zoom and legend clicks as on the result page; the event and the view are kept in the URL (series=, view=, zoom=).
// Markup: <div data-compare-series data-runs='[{label, seriesUrl}]' data-events='["task-clock", …]'>
//           <div class="chart-toolbar"><select data-action="choose-event"></select><button data-action="…"></div>
//           <canvas></canvas><span class="chart-points"></span></div>

import { countAxis, seriesColour, timeChartOptions, xZoomOptions } from './chart-options.js';
import { formatValue } from './format.js';
import { elementsWithin, startOnEveryPage } from './islands.js';
import { comparedLines, drawnPoints, shownValue } from './interval-series.js';
import { readViewState, writeViewState } from './view-state.js';

/** @typedef {import('./interval-series.js').IntervalSeries} IntervalSeries */
/** @typedef {import('./interval-series.js').StoredSeries} StoredSeries */
/** @typedef {import('./chart-options.js').LineChart} LineChart */
/** @typedef {import('./interval-series.js').ComparedRunSeries} ComparedRunSeries */

const EVENT_PARAM = 'series';

/** @type {Record<string, 'log' | 'rate' | 'normalise'>} */
const TOGGLES = { 'toggle-log': 'log', 'toggle-rate': 'rate', 'toggle-normalise': 'normalise' };

export class CompareSeries {
    /** @param {HTMLElement} island */
    constructor(island) {
        this.island = island;
        /** @type {ComparedRunSeries[]} */
        this.runs = JSON.parse(island.dataset.runs || '[]');
        /** @type {string[]} */
        const events = JSON.parse(island.dataset.events || '[]');
        const params = new URLSearchParams(window.location.search);
        const asked = params.get(EVENT_PARAM);
        this.eventName = asked && events.includes(asked) ? asked : events[0];
        this.state = readViewState(window.location.search);
        /** @type {StoredSeries[]} */
        this.bodies = [];
        /** @type {IntervalSeries[]} */
        this.lines = [];
        this.pointsLabel = island.querySelector('.chart-points');
        this.chart = this.createChart(/** @type {HTMLCanvasElement} */ (island.querySelector('canvas')));
        this.bindToolbar();
        this.load();
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
                elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.8 } },
                y: countAxis(() => self.state.log, this.yTitle()),
                plugins: {
                    legend: {
                        position: 'bottom',
                        onClick(event, item, legend) {
                            const index = item.datasetIndex ?? 0;
                            legend.chart.setDatasetVisibility(index, !legend.chart.isDatasetVisible(index));
                            legend.chart.update('none');
                        },
                    },
                    tooltip: {
                        callbacks: {
                            title: (items) => (items.length ? `${formatValue(items[0].parsed.x)} s` : ''),
                            label: (item) => this.tooltipLabel(item.datasetIndex, item.dataIndex),
                        },
                    },
                    zoom: xZoomOptions({
                        limits: { x: { minRange: 0.001 } },
                        wheelModifier: undefined,
                        dragModifier: 'shift',
                        panModifier: undefined,
                        onChange: (chart) => {
                            this.state.zoom = { min: chart.scales.x.min, max: chart.scales.x.max };
                            writeViewState(this.state);
                        },
                    }),
                },
            }),
        });
    }

    yTitle() {
        const name = this.eventName || '';
        if (this.state.normalise) return `${name}: share of each run's peak`;
        return `${name} ${this.state.rate ? 'per second' : 'per interval'}`;
    }

    /**
     * @param {number} datasetIndex
     * @param {number} dataIndex
     * @returns {string}
     */
    tooltipLabel(datasetIndex, dataIndex) {
        const line = this.lines[datasetIndex];
        const point = line.points[dataIndex];
        if (!point) return line.name;
        const value = shownValue(point, this.state, false, 0);
        const unit = line.unit ? ` ${line.unit}` : '';
        return `${line.name}: ${formatValue(value)}${unit}${this.state.rate ? '/s' : ''}`;
    }

    bindToolbar() {
        const select = /** @type {HTMLSelectElement | null} */ (this.island.querySelector('select[data-action=choose-event]'));
        if (select) {
            select.value = this.eventName;
            select.addEventListener('change', () => {
                this.eventName = select.value;
                const url = new URL(window.location.href);
                url.searchParams.set(EVENT_PARAM, this.eventName);
                window.history.replaceState(window.history.state, '', url);
                this.draw();
            });
        }
        for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (this.island.querySelectorAll('button[data-action]'))) {
            const action = button.dataset.action || '';
            const key = TOGGLES[action];
            if (key) button.setAttribute('aria-pressed', String(this.state[key]));
            button.addEventListener('click', () => {
                if (action === 'reset-zoom') {
                    this.chart.resetZoom();
                    const x = /** @type {{ min?: number, max?: number }} */ (this.chart.options.scales?.x);
                    x.min = undefined;
                    x.max = undefined;
                    this.state.zoom = null;
                    this.chart.update('none');
                } else if (key) {
                    this.state[key] = !this.state[key];
                    button.setAttribute('aria-pressed', String(this.state[key]));
                    const y = /** @type {{ type: string }} */ (/** @type {unknown} */ (this.chart.options.scales?.y));
                    y.type = this.state.log ? 'logarithmic' : 'linear';
                    this.draw();
                }
                writeViewState(this.state);
            });
        }
    }

    async load() {
        try {
            this.bodies = await Promise.all(this.runs.map(async (run) => {
                const response = await fetch(run.seriesUrl, { headers: { Accept: 'application/json' } });
                if (!response.ok) throw new Error(`HTTP ${response.status} for ${run.label}`);
                return /** @type {Promise<StoredSeries>} */ (response.json());
            }));
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            if (this.pointsLabel) this.pointsLabel.textContent = `Could not load the series (${reason}); reload to try again`;
            return;
        }
        this.draw();
    }

    draw() {
        this.lines = comparedLines(this.runs, this.bodies, this.eventName);
        const y = /** @type {{ title: { text: string } }} */ (/** @type {unknown} */ (this.chart.options.scales?.y));
        y.title.text = this.yTitle();
        this.chart.data.datasets = this.lines.map((line, index) => ({
            label: line.name,
            data: drawnPoints(line, this.state),
            borderColor: seriesColour(index),
            backgroundColor: seriesColour(index),
        }));
        this.chart.update('none');
        this.island.dataset.event = this.eventName;
        this.island.dataset.rendered = 'true';
        if (this.pointsLabel) {
            this.pointsLabel.textContent = this.lines.map((line) => `${line.name.split(' ')[0]}: ${line.points.length}`).join(', ') + ' intervals';
        }
    }
}

startOnEveryPage((root) => {
    for (const island of elementsWithin(root, '[data-compare-series]')) {
        if (!island.compareSeries) island.compareSeries = new CompareSeries(island);
    }
});
