// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ciSpan, jitter, percentFromMedian, repetitionHref, rowScale, stripDots, xRange } from '../src/strip-plot.js';

/**
 * @param {number[]} values
 * @param {Partial<import('../src/strip-plot.js').StripRow>} [extra]
 * @returns {import('../src/strip-plot.js').StripRow}
 */
function row(values, extra = {}) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return {
        event: 'task-clock', unit: 'msec', median, mean: values.reduce((a, b) => a + b, 0) / values.length, ciLow: null, ciHigh: null,
        points: values.map((value, i) => ({ repetition: i + 1, value, outlier: false })),
        ...extra,
    };
}

describe('the strip plot of repetitions', () => {
    it('places a value by its distance from its row\'s median, in percent', () => {
        const r = row([200, 210, 190]);
        const near = (/** @type {number} */ actual, /** @type {number} */ expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
        near(percentFromMedian(200, r), 0);
        near(percentFromMedian(210, r), 5);
        near(percentFromMedian(190, r), -5);
        near(percentFromMedian(420, r), 110);
    });

    it('scales a row whose median is 0 by its largest value, and a row of zeros not at all', () => {
        const mostlyZero = row([0, 0, 4]);
        assert.equal(rowScale(mostlyZero), 4);
        assert.equal(percentFromMedian(4, mostlyZero), 100);
        const zeros = row([0, 0, 0]);
        assert.equal(rowScale(zeros), 0);
        assert.equal(percentFromMedian(0, zeros), 0);
    });

    it('spreads a row\'s dots evenly around its line, the same at every load', () => {
        assert.equal(jitter(0, 1), 0);
        assert.equal(jitter(0, 3), -0.25);
        assert.equal(jitter(1, 3), 0);
        assert.equal(jitter(2, 3), 0.25);
    });

    it('gives one dot per repetition per row, outliers and the shown repetition marked', () => {
        const wall = row([1, 1.1, 3], { event: 'wall time', unit: 's' });
        wall.points[2].outlier = true;
        const dots = stripDots({ rows: [row([200, 210]), wall], shownRepetition: 2 });
        assert.equal(dots.length, 5);
        assert.deepEqual(dots.map((d) => d.row), [0, 0, 1, 1, 1]);
        assert.deepEqual(dots.filter((d) => d.outlier).map((d) => [d.row, d.repetition]), [[1, 3]]);
        assert.deepEqual(dots.filter((d) => d.shown).map((d) => [d.row, d.repetition]), [[0, 2], [1, 2]]);
        assert.ok(Math.abs(dots[4].x - 172.727) < 0.001);
        assert.ok(dots[2].y > 0.5 && dots[4].y < 1.5);
    });

    it('draws the confidence interval of the mean in the same percent, and none without one', () => {
        const r = row([100, 110, 90], { ciLow: 95, ciHigh: 105 });
        assert.deepEqual(ciSpan(r), { low: -5, high: 5 });
        assert.equal(ciSpan(row([100])), null);
    });

    it('shows every dot and interval and the median, at least ±1 %, with a margin', () => {
        const wide = xRange({ rows: [row([100, 150, 80], { ciLow: 70, ciHigh: 130 })], shownRepetition: null });
        assert.ok(Math.abs(wide.min - -34) < 1e-9 && Math.abs(wide.max - 54) < 1e-9, JSON.stringify(wide));
        const narrow = xRange({ rows: [row([1000, 1001])], shownRepetition: null });
        assert.ok(Math.abs(narrow.min - -1.1) < 1e-9 && Math.abs(narrow.max - 1.1) < 1e-9, JSON.stringify(narrow));
        // an outlier far above does not waste the left half
        const outlier = xRange({ rows: [row([1, 1, 1, 1, 9])], shownRepetition: null });
        assert.ok(outlier.min > -50, JSON.stringify(outlier));
    });

    it('opens a repetition by its own address', () => {
        assert.equal(repetitionHref('/benchmarks/7?repetition=', 3), '/benchmarks/7?repetition=3');
    });
});
