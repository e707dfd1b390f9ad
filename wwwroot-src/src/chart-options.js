// @ts-check
// The Chart.js options every chart of WebOcperf shares: time in seconds on a linear x axis, no animation (charts are
// redrawn on every streamed interval), pre-parsed {x, y} points, the nearest point along x in tooltips, and zooming
// and panning along x only. The interval chart and the samples-over-time chart add their own y axis and plugins.

import { formatValue } from './format.js';

/** @typedef {import('chart.js').ChartOptions<'line'>} LineChartOptions */
/** @typedef {NonNullable<LineChartOptions['scales']>[string]} AxisOptions */
/** @typedef {import('chart.js').PluginOptionsByType<'line'>['zoom']} ZoomOptions */
/** @typedef {NonNullable<ZoomOptions['limits']>} ZoomLimits */
/** @typedef {import('chart.js').Chart<'line'>} LineChart */

/** One colour per series, in order; distinguishable from each other on white. */
export const SERIES_COLOURS = Object.freeze(['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2',
    '#65a30d', '#9333ea', '#ea580c', '#0d9488', '#4f46e5', '#be123c', '#15803d', '#a16207', '#1d4ed8']);

/** A single series (samples over time) and the range being selected on it: the first series colour. */
export const ACCENT = Object.freeze({
    line: SERIES_COLOURS[0],
    fill: 'rgba(37, 99, 235, 0.18)',
    selection: 'rgba(37, 99, 235, 0.14)',
    selectionBorder: 'rgba(37, 99, 235, 0.7)',
});

/**
 * The colour of the series at index.
 * @param {number} index
 * @returns {string}
 */
export function seriesColour(index) {
    return SERIES_COLOURS[index % SERIES_COLOURS.length];
}

/**
 * Options for a line chart over time.
 * @param {object} parts
 * @param {AxisOptions} parts.y the y axis
 * @param {number} [parts.xMin] the first visible second (undefined: the data's)
 * @param {number} [parts.xMax] the last visible second
 * @param {LineChartOptions['plugins']} parts.plugins legend, tooltip, decimation and zoom
 * @param {LineChartOptions['elements']} [parts.elements]
 * @returns {LineChartOptions}
 */
export function timeChartOptions(parts) {
    return {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: parts.elements,
        scales: {
            x: {
                type: 'linear',
                title: { display: true, text: 'seconds' },
                min: parts.xMin,
                max: parts.xMax,
            },
            y: parts.y,
        },
        plugins: parts.plugins,
    };
}

/**
 * Zooming and panning along x (chartjs-plugin-zoom); onChange gets the chart once a zoom or a pan is complete.
 * @param {object} parts
 * @param {ZoomLimits} parts.limits
 * @param {'ctrl' | 'shift' | undefined} parts.wheelModifier the key that makes the wheel zoom (none: the wheel always does)
 * @param {'ctrl' | 'shift' | undefined} parts.dragModifier the key that makes a drag select a range to zoom to
 * @param {'ctrl' | 'shift' | undefined} parts.panModifier the key that makes a drag pan
 * @param {(chart: LineChart) => void} parts.onChange
 * @returns {ZoomOptions}
 */
export function xZoomOptions(parts) {
    const changed = (/** @type {{ chart: import('chart.js').Chart }} */ { chart }) =>
        parts.onChange(/** @type {LineChart} */ (/** @type {unknown} */ (chart)));
    return {
        limits: parts.limits,
        zoom: {
            wheel: { enabled: true, modifierKey: parts.wheelModifier },
            pinch: { enabled: true },
            drag: {
                enabled: true,
                modifierKey: parts.dragModifier,
                backgroundColor: ACCENT.selection,
                borderColor: ACCENT.selectionBorder,
                borderWidth: 1,
            },
            mode: 'x',
            onZoomComplete: changed,
        },
        pan: { enabled: true, mode: 'x', modifierKey: parts.panModifier, onPanComplete: changed },
    };
}

/**
 * The leading digits of a positive number: 2 for 2000, 2.5 for 0.025; NaN for zero and below.
 * @param {number} value
 * @returns {number}
 */
function mantissa(value) {
    return value > 0 ? Math.round((value / Math.pow(10, Math.floor(Math.log10(value)))) * 1000) / 1000 : NaN;
}

/**
 * Whether a log axis labels the tick at value. A log axis gets a tick at every 1…9 × 10ⁿ plus the range's ends;
 * labelling them all crowds the top of each decade, so only 1, 2 and 5 × 10ⁿ are labelled — or every whole multiple
 * of 10ⁿ when the visible range (often less than a decade) holds fewer than three of those, or everything when even
 * that leaves fewer than two labels.
 * @param {number} value
 * @param {{ value: number }[]} ticks all ticks of the axis
 * @returns {boolean}
 */
export function isLabelledLogTick(value, ticks) {
    const preferences = [
        { keep: (/** @type {number} */ m) => m === 1 || m === 2 || m === 5, enough: 3 },
        { keep: (/** @type {number} */ m) => Number.isInteger(m), enough: 2 },
        { keep: () => true, enough: 0 },
    ];
    const chosen = preferences.find(({ keep, enough }) => ticks.filter((tick) => keep(mantissa(tick.value))).length >= enough);
    return chosen ? chosen.keep(mantissa(value)) : true;
}

/**
 * The y axis of counts that the interval chart and the compare page's overlay share: linear or logarithmic, and on a
 * log scale only the ticks {@link isLabelledLogTick} chooses are labelled.
 * @param {() => boolean} isLog read at every draw, so that toggling the scale needs only the axis type changed
 * @param {string} title
 * @returns {AxisOptions}
 */
export function countAxis(isLog, title) {
    return {
        type: isLog() ? 'logarithmic' : 'linear',
        title: { display: true, text: title },
        ticks: {
            callback(value, index, ticks) {
                if (isLog()) return isLabelledLogTick(Number(value), ticks) ? formatValue(Number(value)) : '';
                return window.Chart.Ticks.formatters.numeric.call(this, Number(value), index, ticks);
            },
        },
    };
}
