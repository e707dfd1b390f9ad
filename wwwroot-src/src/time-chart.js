// @ts-check
// The samples-over-time chart of a perf record result: a histogram of samples per time bucket, on which dragging
// (or Ctrl+wheel; Shift+drag pans) selects a time range. It reports the range the user settles on; what follows from
// it is the profile view's business.

import { ACCENT, timeChartOptions, xZoomOptions } from './chart-options.js';
import { formatSeconds, roundToMilliseconds } from './format.js';

/** @typedef {import('./chart-options.js').LineChart} LineChart */
/** @typedef {import('./profile-range.js').TimeRange} TimeRange */

// above this many buckets Chart.js draws each pixel column's min and max instead of every point
const DECIMATE_ABOVE = 2000;

/**
 * The /histogram answer.
 * @typedef {object} SampleHistogram
 * @property {number} startSeconds the first bucket's start
 * @property {number} bucketSeconds
 * @property {number[]} samples per bucket
 * @property {number[]} [periods] the summed sample periods per bucket
 * @property {string} [event]
 */

/**
 * The extent of the recording on the time axis.
 * @typedef {{ min: number, max: number, bucket: number }} TimeBounds
 */

/**
 * The bounds a histogram covers; an empty one still spans a bucket, so that the axis is not empty.
 * @param {SampleHistogram} body
 * @returns {TimeBounds}
 */
export function histogramBounds(body) {
    const start = Number(body.startSeconds) || 0;
    const bucket = Number(body.bucketSeconds) || 1;
    const count = Array.isArray(body.samples) ? body.samples.length : 0;
    return { min: start, max: start + Math.max(1, count) * bucket, bucket };
}

/**
 * The chart points: a bucket is plotted at its middle, so the line's peaks sit over the time they describe.
 * @param {SampleHistogram} body
 * @returns {{ x: number, y: number }[]}
 */
export function histogramPoints(body) {
    const { min, bucket } = histogramBounds(body);
    const samples = Array.isArray(body.samples) ? body.samples : [];
    return samples.map((count, index) => ({ x: min + (index + 0.5) * bucket, y: count }));
}

/**
 * The visible range after a zoom or pan, clipped to the recording; null when it shows (nearly) all of it.
 * @param {TimeBounds} bounds
 * @param {number} min the axis' visible minimum
 * @param {number} max
 * @returns {TimeRange | null}
 */
export function visibleRange(bounds, min, max) {
    const range = { from: roundToMilliseconds(Math.max(bounds.min, min)), to: roundToMilliseconds(Math.min(bounds.max, max)) };
    const slack = bounds.bucket / 2;
    return range.from <= bounds.min + slack && range.to >= bounds.max - slack ? null : range;
}

export class SampleTimeChart {
    /**
     * @param {HTMLCanvasElement} canvas
     * @param {SampleHistogram} body
     * @param {TimeRange | null} range shown at first
     * @param {(range: TimeRange | null) => void} onRangeChange called once a zoom or pan is complete
     */
    constructor(canvas, body, range, onRangeChange) {
        this.bounds = histogramBounds(body);
        this.periods = Array.isArray(body.periods) ? body.periods : [];
        if (!canvas.hasAttribute('aria-label')) {
            canvas.setAttribute('role', 'img');
            canvas.setAttribute('aria-label', 'Samples over time. Drag across the chart to select a time range.');
        }
        const bounds = this.bounds;
        const points = histogramPoints(body);
        const bucketMs = roundToMilliseconds(bounds.bucket * 1000);
        /** @type {LineChart} */
        this.chart = new window.Chart(canvas, {
            type: 'line',
            data: {
                datasets: [{
                    label: body.event ? `${body.event} samples` : 'samples',
                    data: points,
                    borderColor: ACCENT.line,
                    backgroundColor: ACCENT.fill,
                    fill: 'origin',
                    borderWidth: 1.25,
                    pointRadius: 0,
                    pointHitRadius: 4,
                }],
            },
            options: timeChartOptions({
                xMin: range ? range.from : bounds.min,
                xMax: range ? range.to : bounds.max,
                y: {
                    beginAtZero: true,
                    title: { display: true, text: `samples per ${bucketMs.toLocaleString('en-US')} ms` },
                },
                plugins: {
                    legend: { display: false },
                    decimation: { enabled: points.length > DECIMATE_ABOVE, algorithm: 'min-max' },
                    tooltip: {
                        displayColors: false,
                        callbacks: {
                            title: (items) => items.length ? this.bucketTitle(items[0].parsed.x ?? 0) : '',
                            label: (item) => `${(item.parsed.y ?? 0).toLocaleString('en-US')} samples`,
                            afterLabel: (item) => this.periodLabel(item.parsed.x ?? 0),
                        },
                    },
                    zoom: xZoomOptions({
                        limits: { x: { min: bounds.min, max: bounds.max, minRange: bounds.bucket * 2 } },
                        // a plain wheel scrolls the page, which is long: the chart takes Ctrl+wheel
                        wheelModifier: 'ctrl',
                        dragModifier: undefined,
                        panModifier: 'shift',
                        onChange: (chart) => onRangeChange(visibleRange(bounds, chart.scales.x.min, chart.scales.x.max)),
                    }),
                },
            }),
        });
    }

    // Back to the whole recording, without telling onRangeChange (the caller asked for it).
    showWhole() {
        this.chart.resetZoom('none');
        const x = /** @type {{ min?: number, max?: number }} */ (this.chart.options.scales?.x);
        x.min = this.bounds.min;
        x.max = this.bounds.max;
        this.chart.update('none');
    }

    destroy() {
        this.chart.destroy();
    }

    /**
     * @param {number} x seconds
     * @returns {number}
     */
    bucketIndex(x) {
        return Math.floor((x - this.bounds.min) / this.bounds.bucket);
    }

    /**
     * @param {number} x seconds
     * @returns {string}
     */
    bucketTitle(x) {
        const from = this.bounds.min + this.bucketIndex(x) * this.bounds.bucket;
        return `${formatSeconds(from)} – ${formatSeconds(from + this.bounds.bucket)}`;
    }

    /**
     * @param {number} x seconds
     * @returns {string}
     */
    periodLabel(x) {
        const period = this.periods[this.bucketIndex(x)];
        return period === undefined ? '' : `period: ${Number(period).toLocaleString('en-US')}`;
    }
}
