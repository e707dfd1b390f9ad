// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareKeys, normaliseFilterText, numericSortKey } from '../src/functions-table.js';
import { applyRange, parseRange, profileUrl, rangeParams, rangeText } from '../src/profile-range.js';
import { histogramBounds, histogramPoints, visibleRange } from '../src/time-chart.js';

describe('the profile\'s time range', () => {
    it('reads from,to and refuses anything else', () => {
        assert.deepEqual(parseRange('1.5,3'), { from: 1.5, to: 3 });
        assert.equal(parseRange('3,1.5'), null);
        assert.equal(parseRange('1,1'), null);
        assert.equal(parseRange('1'), null);
        assert.equal(parseRange('a,b'), null);
        assert.equal(parseRange(null), null);
    });

    it('writes it to the millisecond, readably in the URL', () => {
        const range = { from: 0.12345, to: 2.00049 };
        assert.equal(rangeText(range), '0.123,2');
        assert.deepEqual(rangeParams(range), { from: '0.123', to: '2' });
        assert.deepEqual(rangeParams(null), {});
        const url = new URL('http://localhost/benchmarks/4?event=0');
        applyRange(url, range);
        assert.equal(url.search, '?event=0&range=0.123,2');
        applyRange(url, null);
        assert.equal(url.search, '?event=0');
    });

    it('adds the event to requests unless the page already did', () => {
        const base = 'http://localhost/benchmarks/4';
        assert.equal(profileUrl('/benchmarks/4/flame', '1', { from: '1', to: '2' }, base).search, '?event=1&from=1&to=2');
        assert.equal(profileUrl('/benchmarks/4/flame?event=0', '1', {}, base).search, '?event=0');
        assert.equal(profileUrl('/benchmarks/4/flame', '', {}, base).search, '');
    });
});

describe('the samples-over-time chart', () => {
    const body = { startSeconds: 10, bucketSeconds: 0.5, samples: [3, 0, 7, 1] };

    it('spans the recording\'s buckets and plots each at its middle', () => {
        assert.deepEqual(histogramBounds(body), { min: 10, max: 12, bucket: 0.5 });
        assert.deepEqual(histogramPoints(body), [{ x: 10.25, y: 3 }, { x: 10.75, y: 0 }, { x: 11.25, y: 7 }, { x: 11.75, y: 1 }]);
    });

    it('still spans one bucket without samples', () => {
        assert.deepEqual(histogramBounds({ startSeconds: 0, bucketSeconds: 0.25, samples: [] }), { min: 0, max: 0.25, bucket: 0.25 });
    });

    it('turns the visible axis into a range, clipped to the recording, and into none when all of it shows', () => {
        const bounds = histogramBounds(body);
        assert.deepEqual(visibleRange(bounds, 10.5, 11.0004), { from: 10.5, to: 11 });
        assert.deepEqual(visibleRange(bounds, 9, 11), { from: 10, to: 11 });
        assert.equal(visibleRange(bounds, 10.2, 11.8), null);
    });
});

describe('the top-functions table', () => {
    it('sorts cells by their data-value, else by the number in their text, empty ones last', () => {
        assert.equal(numericSortKey('12.5', 'twelve'), 12.5);
        assert.equal(numericSortKey(undefined, '1,024 samples'), 1024);
        assert.equal(numericSortKey(undefined, '37.5 %'), 37.5);
        assert.equal(numericSortKey(undefined, '—'), -Infinity);
    });

    it('orders names as a person would', () => {
        const names = ['f10', 'F2', 'alpha', 'f1'];
        assert.deepEqual(names.sort(compareKeys), ['alpha', 'f1', 'F2', 'f10']);
        assert.ok(compareKeys(2, 10) < 0);
    });

    it('filters on trimmed, collapsed, lower-case text', () => {
        assert.equal(normaliseFilterText('  Foo   Bar\t'), 'foo bar');
    });
});
