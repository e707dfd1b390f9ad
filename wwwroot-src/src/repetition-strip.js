// @ts-check
// The strip plot of a finished repeated benchmark (Chart.js scatter): a row per event and for the wall time, a dot per
// repetition placed by its distance from the row's median, outliers as red triangles, the median as a bar and the 95 %
// confidence interval of the mean as a band. Clicking a dot opens that repetition (its chart and totals); the
// per-repetition table below has the same links for the keyboard.
// Markup: <figure data-strip-plot data-repetition-url="/benchmarks/{id}?repetition=" data-strip='{rows, shownRepetition}'>
//           <canvas></canvas></figure>

import { formatValue } from './format.js';
import { elementsWithin, startOnEveryPage } from './islands.js';
import { ciSpan, repetitionHref, stripDots, xRange } from './strip-plot.js';

/** @typedef {import('./strip-plot.js').StripData} StripData */
/** @typedef {import('./strip-plot.js').StripDot} StripDot */
/** @typedef {import('chart.js').Chart<'scatter'>} ScatterChart */

const DOT_COLOUR = '#2563eb';
const OUTLIER_COLOUR = '#b91c1c';
const MEDIAN_COLOUR = '#111827';
const CI_COLOUR = 'rgba(107, 114, 128, 0.35)';
const ROW_HEIGHT_PX = 44;
const AXES_HEIGHT_PX = 96;

/**
 * @param {number} percent
 * @returns {string}
 */
function signedPercent(percent) {
    const rounded = Math.abs(percent) >= 10 ? percent.toFixed(0) : percent.toFixed(1);
    return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${rounded.replace('-', '')} %`;
}

export class RepetitionStrip {
    /** @param {HTMLElement} figure */
    constructor(figure) {
        this.figure = figure;
        /** @type {StripData} */
        this.data = JSON.parse(figure.dataset.strip || '{"rows":[],"shownRepetition":null}');
        this.dots = stripDots(this.data);
        this.prefix = figure.dataset.repetitionUrl || '?repetition=';
        const frame = /** @type {HTMLElement} */ (figure.querySelector('.strip-frame'));
        // the height follows the number of rows (set from here: the CSP allows no inline style attribute)
        frame.style.height = `${AXES_HEIGHT_PX + ROW_HEIGHT_PX * this.data.rows.length}px`;
        this.chart = this.createChart(/** @type {HTMLCanvasElement} */ (figure.querySelector('canvas')));
        figure.dataset.rendered = 'true';
    }

    /**
     * @param {HTMLCanvasElement} canvas
     * @returns {ScatterChart}
     */
    createChart(canvas) {
        const rows = this.data.rows;
        const plain = this.dots.filter((dot) => !dot.outlier);
        const outliers = this.dots.filter((dot) => dot.outlier);
        const ringed = (/** @type {StripDot[]} */ dots) => dots.map((dot) => (dot.shown ? 3 : 1));
        const range = xRange(this.data);
        /** @type {import('chart.js').ChartDataset<'scatter'>[]} */
        const datasets = [
            {
                label: 'repetition',
                data: plain,
                backgroundColor: 'rgba(37, 99, 235, 0.55)',
                borderColor: plain.map((dot) => (dot.shown ? MEDIAN_COLOUR : DOT_COLOUR)),
                borderWidth: ringed(plain),
                pointRadius: plain.map((dot) => (dot.shown ? 7 : 5)),
                pointHoverRadius: 8,
            },
            {
                label: 'outlier',
                data: outliers,
                pointStyle: 'triangle',
                backgroundColor: OUTLIER_COLOUR,
                borderColor: outliers.map((dot) => (dot.shown ? MEDIAN_COLOUR : OUTLIER_COLOUR)),
                borderWidth: ringed(outliers),
                pointRadius: 8,
                pointHoverRadius: 10,
            },
            {
                label: 'median',
                data: rows.map((_, r) => ({ x: 0, y: r })),
                pointStyle: 'line',
                pointRotation: 90,
                pointRadius: 16,
                borderWidth: 3,
                borderColor: MEDIAN_COLOUR,
                backgroundColor: MEDIAN_COLOUR,
                pointHitRadius: 0,
            },
        ];
        rows.forEach((row, r) => {
            const ci = ciSpan(row);
            if (!ci) return;
            datasets.push({
                label: '95 % CI of the mean',
                data: [{ x: ci.low, y: r }, { x: ci.high, y: r }],
                showLine: true,
                borderColor: CI_COLOUR,
                backgroundColor: CI_COLOUR,
                borderWidth: 14,
                borderCapStyle: 'butt',
                pointRadius: 0,
                pointHitRadius: 0,
                order: 10,
            });
        });
        return /** @type {ScatterChart} */ (/** @type {unknown} */ (new window.Chart(canvas, {
            type: 'scatter',
            data: { datasets },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                // the dot under the pointer, by distance in both directions: a row's dots often share an x
                interaction: { mode: 'nearest', axis: 'xy', intersect: true },
                scales: {
                    x: {
                        type: 'linear',
                        min: range.min,
                        max: range.max,
                        title: { display: true, text: 'distance from the event\'s median (%)' },
                        // no labels at the range's own ends, which fall on odd values
                        ticks: { includeBounds: false, callback: (value) => signedPercent(Number(value)) },
                    },
                    y: {
                        type: 'linear',
                        reverse: true,
                        min: -0.5,
                        max: rows.length - 0.5,
                        afterBuildTicks: (axis) => { axis.ticks = rows.map((_, r) => ({ value: r })); },
                        ticks: { callback: (value) => rows[Number(value)]?.event ?? '' },
                        grid: { display: false },
                    },
                },
                plugins: {
                    legend: {
                        position: 'bottom',
                        labels: {
                            usePointStyle: true,
                            // one entry per kind: the confidence intervals are one dataset per row
                            filter: (item, data) => data.datasets.findIndex((d) => d.label === item.text) === item.datasetIndex,
                        },
                        onClick: () => {},
                    },
                    tooltip: {
                        filter: (item) => item.datasetIndex <= 1,
                        callbacks: {
                            title: (items) => (items.length ? this.rowOf(items[0].raw).event : ''),
                            label: (item) => this.describe(/** @type {StripDot} */ (item.raw)),
                            footer: () => 'click to open this repetition',
                        },
                    },
                },
                onClick: (event, elements) => {
                    const hit = elements.find((element) => element.datasetIndex <= 1);
                    if (!hit) return;
                    const dot = /** @type {StripDot} */ (this.chart.data.datasets[hit.datasetIndex].data[hit.index]);
                    window.location.assign(repetitionHref(this.prefix, dot.repetition));
                },
                onHover: (event, elements) => {
                    canvas.style.cursor = elements.some((element) => element.datasetIndex <= 1) ? 'pointer' : 'default';
                },
            },
        })));
    }

    /**
     * @param {unknown} raw a dot
     * @returns {import('./strip-plot.js').StripRow}
     */
    rowOf(raw) {
        return this.data.rows[/** @type {StripDot} */ (raw).row];
    }

    /**
     * @param {StripDot} dot
     * @returns {string}
     */
    describe(dot) {
        const row = this.rowOf(dot);
        const unit = row.unit ? ` ${row.unit}` : '';
        const outlier = dot.outlier ? ', an outlier' : '';
        return `repetition ${dot.repetition}: ${formatValue(dot.value)}${unit} (${signedPercent(dot.x)} from the median${outlier})`;
    }

    /**
     * Where a repetition's dot of a row is drawn, relative to the canvas (for tests and for pointing at it).
     * @param {string} eventName
     * @param {number} repetition
     * @returns {{ x: number, y: number } | null}
     */
    dotPosition(eventName, repetition) {
        for (let d = 0; d <= 1; d++) {
            const data = /** @type {StripDot[]} */ (this.chart.data.datasets[d].data);
            const index = data.findIndex((dot) => dot.repetition === repetition && this.data.rows[dot.row].event === eventName);
            if (index >= 0) {
                const element = this.chart.getDatasetMeta(d).data[index];
                return { x: element.x, y: element.y };
            }
        }
        return null;
    }
}

startOnEveryPage((root) => {
    for (const figure of elementsWithin(root, '[data-strip-plot]')) {
        if (!figure.repetitionStrip) figure.repetitionStrip = new RepetitionStrip(figure);
    }
});
