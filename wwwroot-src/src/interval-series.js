// @ts-check
// The interval chart's data: one series per event, one point per perf interval, and what is drawn for each point in
// the chart's modes (count per interval, rate per second, share of the series' peak, log scale). Pure: no DOM.

/**
 * One perf interval of one event.
 * @typedef {object} IntervalPoint
 * @property {number} t the interval's end, in seconds since the run started
 * @property {number | null} v the count in the interval; null when perf had none (<not counted>, <not supported>)
 * @property {number} dt the interval's length in seconds
 */

/**
 * @typedef {object} IntervalSeries
 * @property {string} name the event
 * @property {string} unit perf's unit ("msec") or empty
 * @property {IntervalPoint[]} points
 * @property {number} [repetition] the repetition it belongs to, when a repeated benchmark's repetitions are overlaid
 */

/**
 * The modes that change what is drawn.
 * @typedef {object} SeriesMode
 * @property {boolean} log logarithmic y axis: values ≤ 0 cannot be drawn
 * @property {boolean} rate count ÷ interval length
 * @property {boolean} normalise ÷ the series' peak
 */

/**
 * The /series answer of a stored run: [t, v, dt] triples per event.
 * @typedef {object} StoredSeries
 * @property {number} intervalCount
 * @property {boolean} downsampled
 * @property {{ name: string, unit: string, points: [number, number | null, number][] }[]} series
 */

/**
 * The stream's "series" event: the columns of the samples that follow.
 * @typedef {{ events: string[], units: string[] }} StreamSeriesHeader
 */

/**
 * The stream's "sample" event: one interval's value per column.
 * @typedef {{ i: number, t: number, v: (number | null)[] }} StreamSample
 */

/**
 * What is drawn for a point: the count, or count ÷ interval length in rate mode, optionally ÷ the series' peak;
 * null where nothing can be drawn (no value, a zero-length interval in rate mode, ≤ 0 on a log axis).
 * @param {IntervalPoint} point
 * @param {SeriesMode} mode
 * @param {boolean} normalise whether to apply mode.normalise (false gives the value before it, e.g. for tooltips)
 * @param {number} peak the series' peak, for normalising
 * @returns {number | null}
 */
export function shownValue(point, mode, normalise, peak) {
    if (point.v === null || point.v === undefined) return null;
    /** @type {number | null} */
    let value = point.v;
    if (mode.rate) value = point.dt > 0 ? value / point.dt : null;
    if (normalise && mode.normalise && value !== null) value = peak > 0 ? value / peak : 0;
    if (mode.log && value !== null && value <= 0) return null;
    return value;
}

/**
 * The largest absolute value the series shows before normalising.
 * @param {IntervalSeries} line
 * @param {SeriesMode} mode
 * @returns {number}
 */
export function peakOf(line, mode) {
    let peak = 0;
    for (const point of line.points) {
        const value = shownValue(point, mode, false, 0);
        if (value !== null && Math.abs(value) > peak) peak = Math.abs(value);
    }
    return peak;
}

/**
 * The chart points of a whole series.
 * @param {IntervalSeries} line
 * @param {SeriesMode} mode
 * @returns {{ x: number, y: number | null }[]}
 */
export function drawnPoints(line, mode) {
    const peak = mode.normalise ? peakOf(line, mode) : 0;
    return line.points.map((point) => ({ x: point.t, y: shownValue(point, mode, true, peak) }));
}

/**
 * The series of a stored run's /series answer.
 * @param {StoredSeries} body
 * @returns {IntervalSeries[]}
 */
export function seriesFromStored(body) {
    return body.series.map((line) => ({
        name: line.name,
        unit: line.unit,
        points: line.points.map(([t, v, dt]) => ({ t, v, dt })),
    }));
}

/**
 * The series a stream announces; series already known (a reconnect announces them again) keep their points.
 * @param {StreamSeriesHeader} header
 * @param {IntervalSeries[]} known
 * @returns {IntervalSeries[]}
 */
export function seriesFromHeader(header, known) {
    const byName = new Map(known.map((line) => [line.name, line]));
    return header.events.map((name, index) => byName.get(name) || { name, unit: header.units[index] || '', points: [] });
}

/**
 * Appends streamed samples to the series, column e to series e; a series without a value in a sample gets null.
 * @param {IntervalSeries[]} series changed in place
 * @param {StreamSample[]} samples in order
 * @param {number} lastTime the end of the interval before the first sample (0 at the start of the run)
 * @returns {number} the end of the last sample's interval
 */
export function appendSamples(series, samples, lastTime) {
    let time = lastTime;
    for (const sample of samples) {
        const dt = sample.t - time;
        time = sample.t;
        series.forEach((line, e) => line.points.push({ t: sample.t, v: e < sample.v.length ? sample.v[e] : null, dt }));
    }
    return time;
}

/**
 * The series of several repetitions overlaid on one time axis (each from its own start): for each repetition in
 * order, its series, tagged with the repetition's number.
 * @param {{ repetition: number, body: StoredSeries }[]} answers one /series answer per repetition
 * @returns {IntervalSeries[]}
 */
export function overlaidSeries(answers) {
    return answers.flatMap(({ repetition, body }) => seriesFromStored(body).map((line) => ({ ...line, repetition })));
}

/**
 * The position of each series' event among the distinct events, in order of first appearance: the colour of an
 * event stays the same across overlaid repetitions.
 * @param {IntervalSeries[]} lines
 * @returns {number[]}
 */
export function eventIndexes(lines) {
    /** @type {Map<string, number>} */
    const seen = new Map();
    return lines.map((line) => {
        if (!seen.has(line.name)) seen.set(line.name, seen.size);
        return /** @type {number} */ (seen.get(line.name));
    });
}

/** @typedef {{ label: string, seriesUrl: string }} ComparedRunSeries a compared run: its label and its /series address */

/**
 * Each run's series of one event, labelled with the run: the lines the compare chart draws. A run without the event
 * gets an empty line, so that letters and colours stay with their runs.
 * @param {ComparedRunSeries[]} runs
 * @param {StoredSeries[]} bodies one /series answer per run, in the same order
 * @param {string} eventName
 * @returns {IntervalSeries[]}
 */
export function comparedLines(runs, bodies, eventName) {
    return runs.map((run, index) => {
        const line = seriesFromStored(bodies[index]).find((series) => series.name === eventName);
        return { name: run.label, unit: line ? line.unit : '', points: line ? line.points : [] };
    });
}
