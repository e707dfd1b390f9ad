// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendSamples, comparedLines, drawnPoints, eventIndexes, overlaidSeries, peakOf, seriesFromHeader, seriesFromStored, shownValue } from '../src/interval-series.js';

const plain = { log: false, rate: false, normalise: false };

describe('what the interval chart draws', () => {
    it('draws the count per interval by default', () => {
        assert.equal(shownValue({ t: 1, v: 50, dt: 0.5 }, plain, true, 0), 50);
    });

    it('divides by the interval length in rate mode, and draws nothing for a zero-length interval', () => {
        const rate = { ...plain, rate: true };
        assert.equal(shownValue({ t: 1, v: 50, dt: 0.5 }, rate, true, 0), 100);
        assert.equal(shownValue({ t: 1, v: 50, dt: 0 }, rate, true, 0), null);
    });

    it('keeps a missing value missing, never zero', () => {
        assert.equal(shownValue({ t: 1, v: null, dt: 0.1 }, plain, true, 0), null);
    });

    it('drops values a log axis cannot show', () => {
        const log = { ...plain, log: true };
        assert.equal(shownValue({ t: 1, v: 0, dt: 0.1 }, log, true, 0), null);
        assert.equal(shownValue({ t: 1, v: -3, dt: 0.1 }, log, true, 0), null);
        assert.equal(shownValue({ t: 1, v: 3, dt: 0.1 }, log, true, 0), 3);
    });

    it('normalises by the peak of what is shown, rate included', () => {
        const mode = { ...plain, rate: true, normalise: true };
        const line = { name: 'e', unit: '', points: [{ t: 0.1, v: 10, dt: 0.1 }, { t: 0.3, v: 10, dt: 0.2 }, { t: 0.4, v: -40, dt: 0.1 }] };
        assert.equal(peakOf(line, mode), 400);
        assert.deepEqual(drawnPoints(line, mode), [{ x: 0.1, y: 0.25 }, { x: 0.3, y: 0.125 }, { x: 0.4, y: -1 }]);
    });

    it('normalises an all-zero series to zero instead of dividing by zero', () => {
        const mode = { ...plain, normalise: true };
        const line = { name: 'e', unit: '', points: [{ t: 0.1, v: 0, dt: 0.1 }] };
        assert.deepEqual(drawnPoints(line, mode), [{ x: 0.1, y: 0 }]);
    });
});

describe('series from the server', () => {
    it('reads a stored run\'s [t, v, dt] triples', () => {
        const series = seriesFromStored({
            intervalCount: 2,
            downsampled: false,
            series: [{ name: 'task-clock', unit: 'msec', points: [[0.1, 99.5, 0.1], [0.2, null, 0.1]] }],
        });
        assert.deepEqual(series, [{ name: 'task-clock', unit: 'msec', points: [{ t: 0.1, v: 99.5, dt: 0.1 }, { t: 0.2, v: null, dt: 0.1 }] }]);
    });

    it('keeps the points of series a reconnecting stream announces again', () => {
        const known = [{ name: 'a', unit: '', points: [{ t: 0.1, v: 1, dt: 0.1 }] }];
        const series = seriesFromHeader({ events: ['a', 'b'], units: ['', 'msec'] }, known);
        assert.equal(series[0], known[0]);
        assert.deepEqual(series[1], { name: 'b', unit: 'msec', points: [] });
    });

    it('appends streamed samples with each interval\'s length, null where a sample has no column', () => {
        /** @type {import('../src/interval-series.js').IntervalSeries[]} */
        const series = [{ name: 'a', unit: '', points: [] }, { name: 'b', unit: '', points: [] }];
        const last = appendSamples(series, [{ i: 0, t: 0.1, v: [1, 2] }, { i: 1, t: 0.25, v: [3] }], 0);
        assert.equal(last, 0.25);
        assert.deepEqual(series[0].points.map((p) => [p.t, p.v]), [[0.1, 1], [0.25, 3]]);
        assert.deepEqual(series[1].points.map((p) => p.v), [2, null]);
        assert.equal(series[0].points[0].dt, 0.1);
        assert.ok(Math.abs(series[1].points[1].dt - 0.15) < 1e-12);
    });
});

describe('overlaid repetitions', () => {
    it('tags each repetition\'s series with its number, repetitions in order', () => {
        const body = (/** @type {number} */ v) => ({
            intervalCount: 1, downsampled: false,
            series: [{ name: 'task-clock', unit: 'msec', points: /** @type {[number, number | null, number][]} */ ([[0.1, v, 0.1]]) },
                { name: 'page-faults', unit: '', points: /** @type {[number, number | null, number][]} */ ([[0.1, 2, 0.1]]) }],
        });
        const lines = overlaidSeries([{ repetition: 1, body: body(5) }, { repetition: 3, body: body(7) }]);
        assert.deepEqual(lines.map((l) => [l.name, l.repetition, l.points[0].v]),
            [['task-clock', 1, 5], ['page-faults', 1, 2], ['task-clock', 3, 7], ['page-faults', 3, 2]]);
    });

    it('keeps an event\'s colour across repetitions', () => {
        const line = (/** @type {string} */ name) => ({ name, unit: '', points: [] });
        assert.deepEqual(eventIndexes([line('a'), line('b'), line('a'), line('b'), line('c')]), [0, 1, 0, 1, 2]);
    });
});

describe('the compare page\'s lines', () => {
    it('takes the chosen event of every run, in the runs\' order, and an empty line where a run lacks it', () => {
        const runs = [{ label: 'A · base', seriesUrl: '/a' }, { label: 'B · other', seriesUrl: '/b' }];
        const bodies = [
            { intervalCount: 1, downsampled: false, series: [{ name: 'task-clock', unit: 'msec', points: /** @type {[number, number | null, number][]} */ ([[0.1, 5, 0.1]]) }] },
            { intervalCount: 1, downsampled: false, series: [{ name: 'page-faults', unit: '', points: /** @type {[number, number | null, number][]} */ ([[0.1, 2, 0.1]]) }] },
        ];
        const lines = comparedLines(runs, bodies, 'task-clock');
        assert.deepEqual(lines.map((l) => [l.name, l.unit, l.points.length]), [['A · base', 'msec', 1], ['B · other', '', 0]]);
    });
});
