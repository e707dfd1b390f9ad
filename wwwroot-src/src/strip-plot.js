// @ts-check
// The strip plot of a repeated benchmark: one row per event (and the wall time), one dot per repetition. Events count
// in different units and sizes (milliseconds, page faults, seconds), so each value is placed by its distance from its
// own row's median, in percent: a 10 % spread looks the same whatever was counted. Pure: no DOM, no Chart.js.

/**
 * One repetition's value, as the server sends it.
 * @typedef {object} StripPoint
 * @property {number} repetition the repetition's number (?repetition=k)
 * @property {number} value
 * @property {boolean} outlier flagged as a gross outlier
 */

/**
 * One event's row, as the server sends it (WebOcperf/Benchmarks/RepetitionStrip.cs).
 * @typedef {object} StripRow
 * @property {string} event
 * @property {string} unit
 * @property {number} median
 * @property {number} mean
 * @property {number | null} ciLow the 95 % confidence interval of the mean; null for fewer than two values
 * @property {number | null} ciHigh
 * @property {StripPoint[]} points
 */

/**
 * @typedef {object} StripData
 * @property {StripRow[]} rows
 * @property {number | null} shownRepetition the repetition the page shows above the plot
 */

/**
 * A dot as drawn: x in percent from the row's median, y the row (0 at the top) plus a small offset that keeps equal
 * values apart.
 * @typedef {object} StripDot
 * @property {number} x
 * @property {number} y
 * @property {number} row
 * @property {number} repetition
 * @property {number} value
 * @property {boolean} outlier
 * @property {boolean} shown
 */

/** How far dots of one row spread vertically around the row's line, in rows. */
export const JITTER_SPAN = 0.5;

/**
 * What a row's values are divided by: the median's size, or the largest value's when the median is 0 (a count that
 * was 0 in most repetitions); 0 when every value is 0.
 * @param {StripRow} row
 * @returns {number}
 */
export function rowScale(row) {
    if (row.median !== 0) return Math.abs(row.median);
    return row.points.reduce((largest, point) => Math.max(largest, Math.abs(point.value)), 0);
}

/**
 * A value's distance from the row's median, in percent of the row's scale (0 when the row has no scale).
 * @param {number} value
 * @param {StripRow} row
 * @returns {number}
 */
export function percentFromMedian(value, row) {
    const scale = rowScale(row);
    return scale > 0 ? ((value - row.median) / scale) * 100 : 0;
}

/**
 * The vertical offset of the i-th of n dots of a row: spread evenly over JITTER_SPAN, in repetition order, so that
 * repetitions with equal values stay separately visible (and clickable) and the plot is the same at every load.
 * @param {number} i
 * @param {number} n
 * @returns {number}
 */
export function jitter(i, n) {
    if (n <= 1) return 0;
    return -JITTER_SPAN / 2 + (JITTER_SPAN * i) / (n - 1);
}

/**
 * Every dot of the plot.
 * @param {StripData} data
 * @returns {StripDot[]}
 */
export function stripDots(data) {
    return data.rows.flatMap((row, r) => row.points.map((point, i) => ({
        x: percentFromMedian(point.value, row),
        y: r + jitter(i, row.points.length),
        row: r,
        repetition: point.repetition,
        value: point.value,
        outlier: point.outlier,
        shown: point.repetition === data.shownRepetition,
    })));
}

/**
 * A row's confidence interval of the mean, in the plot's x (percent from the median); null when it has none.
 * @param {StripRow} row
 * @returns {{ low: number, high: number } | null}
 */
export function ciSpan(row) {
    if (row.ciLow === null || row.ciHigh === null) return null;
    return { low: percentFromMedian(row.ciLow, row), high: percentFromMedian(row.ciHigh, row) };
}

/**
 * The x range to show: every dot and interval, the median, and at least ±1 % so that a row of near-equal values does
 * not blow tiny differences up to the whole width; a margin on both sides keeps the outermost dots off the edges.
 * @param {StripData} data
 * @returns {{ min: number, max: number }} in percent from the median
 */
export function xRange(data) {
    let low = -1;
    let high = 1;
    for (const row of data.rows) {
        const xs = row.points.map((point) => percentFromMedian(point.value, row));
        const ci = ciSpan(row);
        if (ci) xs.push(ci.low, ci.high);
        for (const x of xs) {
            low = Math.min(low, x);
            high = Math.max(high, x);
        }
    }
    const margin = (high - low) * 0.05;
    return { min: low - margin, max: high + margin };
}

/**
 * The address of a repetition's own view.
 * @param {string} prefix the page's address up to the number, "/benchmarks/{id}?repetition="
 * @param {number} repetition
 * @returns {string}
 */
export function repetitionHref(prefix, repetition) {
    return prefix + String(repetition);
}
